"""The strict YAML loader: positions kept, YAML 1.1 surprises and unsafe constructs refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from rm_course.content.models import Module, Programme
from rm_course.content.validate import validate
from rm_course.content.yamlload import load_text
from rm_course.errors import YamlError


def load(text: str):
    return load_text(text, Path("x.yml"), "x.yml")


def test_positions_are_kept():
    doc = load("a: 1\nb:\n  - c: 2\n    d: three\n")
    assert doc.data == {"a": "1", "b": [{"c": "2", "d": "three"}]}
    assert doc.where(("b", 0, "d")) == (4, 8)
    assert doc.where(("b", 0, "missing")) == (3, 5)


@pytest.mark.parametrize("value", ["no", "NO", "yes", "off", "012345", "12:30", "2025-03-04", "1e3", "0x1F"])
def test_yaml11_surprises_stay_the_text_written(value):
    assert load(f"v: {value}\n").data == {"v": value}


def test_null_and_quoted_null():
    assert load("a:\nb: ~\nc: 'null'\n").data == {"a": None, "b": None, "c": "null"}


def test_python_tag_is_an_error():
    with pytest.raises(YamlError) as exc:
        load("a: !!python/object/apply:os.system ['echo hi']\n")
    d = exc.value.diagnostics[0]
    assert (d.line, d.col) == (1, 4) and "not allowed" in d.message


def test_custom_tag_is_an_error():
    with pytest.raises(YamlError):
        load("a: !include other.yml\n")


def test_duplicate_keys_are_errors_with_both_lines():
    with pytest.raises(YamlError) as exc:
        load("a: 1\nb: 2\na: 3\n")
    d = exc.value.diagnostics[0]
    assert d.line == 3 and "duplicate key 'a'" in d.message and "line 1" in d.message


def test_alias_bomb_fails_at_once():
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(20)
    )
    with pytest.raises(YamlError) as exc:
        load(bomb)
    assert any("anchors" in d.message or "aliases" in d.message for d in exc.value.diagnostics)


def test_merge_keys_are_refused():
    with pytest.raises(YamlError):
        load("a: {x: 1}\nb:\n  <<: {y: 2}\n")


def test_invalid_yaml_is_located():
    with pytest.raises(YamlError) as exc:
        load("a: [1, 2\nb: 3\n")
    assert exc.value.diagnostics[0].message.startswith("invalid YAML")


def test_several_documents_are_refused():
    with pytest.raises(YamlError):
        load("a: 1\n---\nb: 2\n")


def test_unknown_key_suggests_closest():
    doc = load("id: x\ntrack: programme\nlevle: beginner\n")
    _, diags = validate(doc, Module)
    msgs = [d for d in diags if "levle" in d.message]
    assert msgs and "did you mean 'level'" in msgs[0].message and msgs[0].line == 3


def test_plain_string_refused_in_bilingual_programme():
    doc = load("name: Reverse mentoring\n")
    _, diags = validate(doc, Programme, context={"languages": ["fr", "en"]})
    name = [d for d in diags if d.field == "name"]
    assert name and "plain string is not allowed" in name[0].message and name[0].line == 1


def test_plain_string_accepted_in_single_language_programme():
    doc = load("name: Mentorat inversé\norganisation: X\nintroduction: Bonjour\nlanguages: [fr]\ndefault_language: fr\n")
    prog, diags = validate(doc, Programme, context={"languages": ["fr"]})
    assert not diags and prog.name == {"fr": "Mentorat inversé"}


def test_missing_language_is_located():
    doc = load("name:\n  fr: Bonjour\n")
    _, diags = validate(doc, Programme, context={"languages": ["fr", "en"]})
    d = [d for d in diags if d.field == "name"][0]
    assert "en text is missing" in d.message and d.line == 2


def test_time_and_date_forms():
    from rm_course.content.models import Pair

    doc = load(
        "id: p1\nmentor: {name: A, email: a@example.com}\nmentee: {name: B, email: b@example.com}\n"
        "time: 14h30\nunavailable: [12/03/2027, 2027-03-19]\n"
    )
    pair, diags = validate(doc, Pair)
    assert not diags
    assert pair.time.hour == 14 and pair.time.minute == 30
    assert [d.isoformat() for d in pair.unavailable] == ["2027-03-12", "2027-03-19"]


def test_module_index_records_what_a_document_reads():
    from rm_course.content.project import ModuleIndex

    modules = ModuleIndex({"a": 1, "b": 2})
    assert modules["a"] == 1  # outside a recording: a plain dict
    with modules.recording() as used:
        assert "b" in modules and "z" not in modules
        assert modules.get("a") == 1
    assert used == {"a", "b", "z"}  # a missing id counts too: adding that module changes the output
    with modules.recording() as used:
        list(modules.values())
    assert used == {"*"}
    with modules.recording() as outer, modules.recording() as inner:
        modules["a"]
    assert outer == inner == {"a"}
