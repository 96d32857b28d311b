"""`imsmanifest.xml` for SCORM 1.2 or SCORM 2004 3rd edition, written with the standard library's XML tools.

One organisation, one item, one SCO: the launch page keeps one LMS session while the learner
moves between the package's pages inside it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

SCORM12 = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
}
SCORM2004 = {
    "": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILES = {
    "scorm12": {"": "imscp_rootv1p1p2.xsd", "imsmd": "imsmd_rootv1p2p1.xsd", "adlcp": "adlcp_rootv1p2.xsd"},
    "scorm2004": {"": "imscp_v1p1.xsd", "adlcp": "adlcp_v1p3.xsd", "adlseq": "adlseq_v1p3.xsd",
                  "adlnav": "adlnav_v1p3.xsd", "imsss": "imsss_v1p0.xsd"},
}
VERSIONS = {"scorm12": "1.2", "scorm2004": "2004 3rd Edition"}
LAUNCH = "launch.html"


def manifest_xml(standard: str, identifier: str, title: str, files: list[str]) -> bytes:
    """The manifest of one package; `files` lists every file of the package but the manifest itself.

    Namespaces are written as the attributes they are (`xmlns`, `xmlns:adlcp`), not registered with
    ElementTree, whose prefix registry is global to the process.
    """
    ns = SCORM12 if standard == "scorm12" else SCORM2004
    declarations = {("xmlns:" + p if p else "xmlns"): uri for p, uri in ns.items()}
    root = ET.Element("manifest", {
        "identifier": identifier, "version": "1", **declarations, "xmlns:xsi": XSI,
        "xsi:schemaLocation": " ".join(f"{ns[p]} {f}" for p, f in SCHEMA_FILES[standard].items()),
    })
    meta = ET.SubElement(root, "metadata")
    ET.SubElement(meta, "schema").text = "ADL SCORM"
    ET.SubElement(meta, "schemaversion").text = VERSIONS[standard]
    orgs = ET.SubElement(root, "organizations", {"default": "organisation"})
    org = ET.SubElement(orgs, "organization", {"identifier": "organisation"})
    ET.SubElement(org, "title").text = title
    item = ET.SubElement(org, "item", {"identifier": "item", "identifierref": "sco", "isvisible": "true"})
    ET.SubElement(item, "title").text = title
    resources = ET.SubElement(root, "resources")
    scorm_type = "adlcp:scormtype" if standard == "scorm12" else "adlcp:scormType"
    resource = ET.SubElement(resources, "resource", {
        "identifier": "sco", "type": "webcontent", scorm_type: "sco", "href": LAUNCH,
    })
    for path in sorted(files):
        ET.SubElement(resource, "file", {"href": path})
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
