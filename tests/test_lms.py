"""SCORM packages: manifests valid against the SCORM schemas, safe deterministic zips, links kept inside."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from rm_course.content.load import open_project
from rm_course.errors import BuildError
from rm_course.generators.lms.archive import EPOCH, safe_member, zip_bytes
from rm_course.generators.lms.builder import build_lms, max_suspend_length
from rm_course.generators.lms.pages import page_target, rewrite_page
from rm_course.generators.site.builder import build_site

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
XSD = Path(__file__).parent / "fixtures" / "scorm"
KINDS = ["tracks", "modules", "programme"]
SCHEMAS = {
    "scorm12": ("imscp_rootv1p1p2.xsd", {
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    }),
    "scorm2004": ("imscp_v1p1.xsd", {
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    }),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture programme's site, and its packages in both standards: {standard: [Made]}."""
    root = tmp_path_factory.mktemp("lms")
    project_dir = root / "mini"
    shutil.copytree(FIXTURE, project_dir)
    project = open_project(project_dir)
    build_site(project, root / "site", work_dir=root / "work", quiet=True)
    made = {std: build_lms(project, root / "site", root / std, std, KINDS) for std in SCHEMAS}
    return project, root, made


def schema_for(standard: str):
    """The SCORM schemas, read from the shipped copies only (never from the network)."""
    xmlschema = pytest.importorskip("xmlschema")
    folder = (XSD / standard).resolve()
    bundled_xml = (Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd").as_uri()

    def local_only(url: str) -> str:
        # IMS's copy of the XML namespace schema binds a reserved prefix, which XML parsers refuse;
        # the W3C one bundled with xmlschema declares the same attributes.
        if url.endswith(("/ims_xml.xsd", "/xml.xsd")):
            return bundled_xml
        if url.startswith(("http:", "https:", "ftp:")):
            raise AssertionError(f"the schemas tried to read {url} from the network")
        return url

    main, others = SCHEMAS[standard]
    # IMS metadata 1.2.1 breaks XSD 1.0's unique particle rule (an element beside a wildcard);
    # XSD 1.1 relaxes exactly that rule, and checks everything else the same way.
    cls = xmlschema.XMLSchema11 if standard == "scorm12" else xmlschema.XMLSchema10
    return cls(str(folder / main), locations=[(ns, str(folder / f)) for ns, f in others.items()],
               allow="local", uri_mapper=local_only)


@pytest.mark.parametrize("standard", sorted(SCHEMAS))
def test_every_manifest_validates_against_the_scorm_schemas(built, standard):
    _, _, made = built
    schema = schema_for(standard)
    assert len(made[standard]) == 2 * (3 + 4 + 1)  # two languages: tracks, modules, programme
    for m in made[standard]:
        manifest = zipfile.ZipFile(m.path).read("imsmanifest.xml").decode("utf-8")
        errors = [str(e).splitlines()[0] for e in schema.iter_errors(manifest)]
        assert errors == [], (m.path.name, errors)


def test_the_schemas_catch_a_wrong_manifest(built):
    _, _, made = built
    schema = schema_for("scorm12")
    manifest = zipfile.ZipFile(made["scorm12"][0].path).read("imsmanifest.xml").decode("utf-8")
    assert not schema.is_valid(manifest.replace('scormtype="sco"', 'scormtype="lesson"'))


def test_manifest_lists_every_file_and_launches_the_runtime(built):
    _, _, made = built
    for m in made["scorm2004"]:
        archive = zipfile.ZipFile(m.path)
        manifest = archive.read("imsmanifest.xml").decode("utf-8")
        listed = set(re.findall(r'<file href="([^"]+)"', manifest))
        assert listed == set(archive.namelist()) - {"imsmanifest.xml"}
        assert 'href="launch.html"' in manifest and "2004 3rd Edition" in manifest


def test_zips_are_deterministic_sorted_and_hold_only_safe_relative_paths(built, tmp_path):
    project, root, made = built
    again = build_lms(project, root / "site", tmp_path, "scorm12", KINDS)
    for first, second in zip(made["scorm12"], again):
        assert first.path.read_bytes() == second.path.read_bytes(), first.path.name
        infos = zipfile.ZipFile(first.path).infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names) and "imsmanifest.xml" in names
        assert all(i.date_time == EPOCH for i in infos)
        for name in names:
            assert safe_member(name), name
            assert not name.startswith("/") and ".." not in name.split("/")


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../../x", "a/./b", "C:/x", "a\\b", "", "a//b"])
def test_unsafe_paths_are_refused(name):
    assert not safe_member(name)
    with pytest.raises(ValueError):
        zip_bytes({name: b"x"})


def test_runtime_and_manifest_add_under_50_kB_and_packages_are_smaller_than_their_part(built):
    _, _, made = built
    for m in made["scorm12"] + made["scorm2004"]:
        assert m.runtime_size < 50_000, m.path.name
        assert m.size < 0.8 * m.pages_size, m.path.name


def test_links_stay_inside_the_package(built):
    _, _, made = built
    for m in made["scorm12"]:
        archive = zipfile.ZipFile(m.path)
        names = set(archive.namelist())
        for page in (n for n in names if n.endswith(".html") and n != "launch.html"):
            html = archive.read(page).decode("utf-8")
            for href in re.findall(r'<a\b[^>]*\bhref="([^"#][^"]*)"', html):
                if href.startswith(("https://", "http://", "mailto:")):
                    continue
                target = page_target(page, href.replace("&amp;", "&"))
                assert target is not None and target[0] in names, (m.path.name, page, href)


def test_track_package_holds_its_track_and_the_glossary_only(built):
    _, _, made = built
    zips = {m.path.name: zipfile.ZipFile(m.path) for m in made["scorm12"] if m.path.parent.name == "en"}
    pages = sorted(n for n in zips["track-business-uses.zip"].namelist() if n.endswith(".html"))
    assert pages == ["glossary/index.html", "launch.html", "modules/business-uses/index.html",
                     "modules/business-uses/linkedin-basics/index.html",
                     "modules/business-uses/teams-meetings/index.html"]
    names = zips["programme.zip"].namelist()
    assert "index.html" in names and not any(n.startswith("downloads/") or n.endswith(".map") for n in names)
    index = zips["track-business-uses.zip"].read("search/search_index.json").decode("utf-8")
    assert "web-history" not in index and '"location":"modules/business-uses/index.html' in index


def test_checklist_boxes_can_be_ticked_and_are_counted(built):
    _, _, made = built
    archive = zipfile.ZipFile(next(m.path for m in made["scorm12"] if m.path.name == "module-linkedin-basics.zip"))
    page = archive.read("modules/business-uses/linkedin-basics/index.html").decode("utf-8")
    assert 'type="checkbox" disabled' not in page and "<input type=\"checkbox\"/>" in page
    settings = archive.read("assets/javascripts/rm-scorm-package.js").decode("utf-8")
    assert '"boxes": [1]' in settings and '"standard": "scorm12"' in settings


def test_rewriting_keeps_the_rest_of_the_page_byte_for_byte():
    html = ('<html><head><title>x</title><link rel="alternate" href="../../fr/a/" hreflang="fr">'
            '<link rel="stylesheet" href="../s.css"></head><body>\n<p>é &amp; <a href="../b/">B</a> '
            '<a class="x" href="../../fr/a/">fr</a> <a href="https://example.org/?a=1&amp;b=2">ext</a></p>\n'
            '<label class="task-list-control"><input type="checkbox" disabled/></label></body></html>')
    out, boxes = rewrite_page("a/index.html", html, {"a/index.html", "b/index.html", "s.css"})
    assert boxes == 1
    assert "hreflang" not in out and '<link rel="stylesheet" href="../s.css">' in out
    assert '<a href="../b/index.html">B</a>' in out
    assert '<a class="x">fr</a>' in out
    assert 'href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"' in out
    assert '<input type="checkbox"/>' in out and "<p>é &amp; " in out
    assert '<link rel="stylesheet" href="../assets/stylesheets/rm-scorm.css">' in out


def test_progress_always_fits_in_scorm_12_suspend_data():
    assert max_suspend_length([3] * 60) < 400
    assert max_suspend_length([]) == len("1|12345678||")


def test_packages_carry_nothing_personal(built):
    _, _, made = built
    roster = yaml.safe_load((FIXTURE / "rosters" / "roster.yml").read_text("utf-8"))
    secrets = [p[side][key] for p in roster["pairs"] for side in ("mentor", "mentee") for key in ("name", "email")]
    for m in made["scorm12"]:
        archive = zipfile.ZipFile(m.path)
        text = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
        assert not [s for s in secrets if s in text], m.path.name


def test_a_missing_site_is_a_clear_error(built, tmp_path):
    project, _, _ = built
    with pytest.raises(BuildError, match="build the site first"):
        build_lms(project, tmp_path / "nothing", tmp_path / "out", "scorm12", KINDS)


def test_zip_bytes_stores_compressed_files_and_deflates_text():
    data = zip_bytes({"b.txt": b"a" * 1000, "a.woff2": b"\x00" * 100})
    infos = {i.filename: i for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert infos["a.woff2"].compress_type == zipfile.ZIP_STORED
    assert infos["b.txt"].compress_type == zipfile.ZIP_DEFLATED


@pytest.mark.parametrize("standard", sorted(SCHEMAS))
def test_a_title_with_markup_characters_stays_text_and_valid(standard):
    import xml.etree.ElementTree as ET

    from rm_course.generators.lms.manifest import manifest_xml

    data = manifest_xml(standard, "rm-course-en-x", 'Teams & "Slack" <b>', ["launch.html"])
    root = ET.fromstring(data)
    titles = [e.text for e in root.iter() if e.tag.endswith("}title")]
    assert titles == ['Teams & "Slack" <b>'] * 2
    assert schema_for(standard).is_valid(data.decode("utf-8"))


def test_a_tab_to_a_section_outside_the_package_leads_to_its_pages_inside():
    html = ('<a href="../../" class="md-tabs__link">Modules</a> '
            '<a href="../../../glossary/" class="md-tabs__link">G</a> <a href="../../../timeline/" class="md-tabs__link">T</a>')
    files = {"modules/b/index.html", "modules/b/m/index.html", "glossary/index.html"}
    out, _ = rewrite_page("modules/b/m/index.html", html, files)
    assert '<a class="md-tabs__link" href="../index.html">Modules</a>' in out
    assert 'href="../../../glossary/index.html"' in out and '<a class="md-tabs__link">T</a>' in out

