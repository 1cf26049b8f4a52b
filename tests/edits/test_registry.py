"""The registry: declarations checked when registered, codes never reused, selection, plugins."""

from __future__ import annotations

import logging
import types
from datetime import date

import pytest

from rcm.edits import (
    Citation,
    Context,
    Edit,
    EditPluginError,
    EditSelectionError,
    EditSpec,
    Registry,
    Severity,
    Status,
    load_plugins,
    registry,
    run,
)
from rcm.edits import _registry as registry_module
from rcm.errors import EditDefinitionError
from rcm.testing._edits import clean_claim


def spec(code: str = "ACME001", **changes: object) -> EditSpec:
    values: dict[str, object] = {
        "code": code,
        "name": f"acme-{code.lower()}",
        "title": "Acme demo",
        "severity": Severity.WARNING,
        "message": "{code} looks odd",
        "description": "A demo edit.",
        "since": "0.1.0",
        "status": Status.STABLE,
    }
    values.update(changes)
    return EditSpec(**values)  # type: ignore[arg-type]


def nothing(claim, context):
    return ()


def fresh() -> Registry:
    return Registry(builtins=False, plugins=False)


@pytest.mark.parametrize(
    "code",
    ["ptp001", "P001", "PTPXX001", "PTP01", "PTP0001", "PT-001", "", "PTP 001"],
)
def test_malformed_codes_are_refused_at_registration(code):
    with pytest.raises(EditDefinitionError, match="does not match"):
        fresh().register(spec(code), nothing)


@pytest.mark.parametrize("code", ["AB001", "ABCD999", "PTP001"])
def test_well_formed_codes_register(code):
    reg = fresh()
    reg.register(spec(code), nothing)

    assert (code,) == reg.codes()


def test_a_code_is_never_taken_twice():
    reg = fresh()
    reg.register(spec(), nothing)

    with pytest.raises(EditDefinitionError, match="never reused"):
        reg.register(spec(message="other"), lambda claim, context: ())


def test_replace_allows_rerunning_a_notebook_cell():
    reg = fresh()
    reg.register(spec(), nothing)
    reg.register(spec(message="new {code}"), nothing, replace=True)

    assert "new {code}" == reg["ACME001"].message
    assert 1 == len(reg.edits())


def test_replace_never_moves_a_code_to_another_check():
    reg = fresh()
    reg.register(spec(), nothing)

    with pytest.raises(EditDefinitionError):
        reg.register(spec(), lambda claim, context: (), replace=True)


def test_old_codes_are_reserved_and_resolve_to_the_new_code():
    reg = fresh()
    reg.register(spec("ACME002", old_codes=("ACME001",)), nothing)

    assert "ACME002" == reg.get("ACME001").code
    with pytest.raises(EditDefinitionError, match="never reused"):
        reg.register(spec("ACME001"), nothing)
    with pytest.warns(DeprecationWarning, match="renamed ACME002"):
        assert frozenset({"ACME002"}) == reg.enabled(select=("ACME001",))


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"name": "Not A Slug"}, "not a slug"),
        ({"title": " "}, "title is empty"),
        ({"message": "{0} positional"}, "must be named"),
        ({"message": "{lines} clash"}, "clashes"),
        ({"message": "{unclosed"}, "malformed"),
        ({"effective": date(2026, 1, 1), "expires": date(2025, 1, 1)}, "before effective"),
        ({"requires": ("nothing",)}, "requires"),
        ({"confidence": "certain"}, "confidence"),
        ({"old_codes": ("bad",)}, "old code"),
    ],
)
def test_malformed_declarations_are_refused(changes, match):
    with pytest.raises(EditDefinitionError, match=match):
        fresh().register(spec(**changes), nothing)


@pytest.mark.parametrize(
    ("field", "value"),
    [("severity", "fatal"), ("status", "beta"), ("citations", ["not a tuple"]), ("title", 1)],
)
def test_wrong_types_are_refused_when_declared(field, value):
    with pytest.raises(EditDefinitionError):
        spec(**{field: value})


def test_a_check_must_be_callable_and_report_a_spec():
    reg = fresh()
    with pytest.raises(EditDefinitionError, match="not callable"):
        reg.register(spec(), "not a function")  # type: ignore[arg-type]
    with pytest.raises(EditDefinitionError, match="at least one"):
        reg.register((), nothing)
    with pytest.raises(EditDefinitionError, match="twice"):
        reg.register((spec(), spec()), nothing)


def test_register_works_as_a_decorator():
    reg = fresh()

    @reg.register(spec())
    def check(claim, context):
        return ()

    assert check is reg.edit_for("ACME001").check


# -- selection ------------------------------------------------------------------------


def selection_registry() -> Registry:
    reg = fresh()
    for code in ("PTP001", "PTP002", "PTP010", "MUE001", "MUE002"):
        reg.register(spec(code), nothing)
    reg.register(spec("PTP004", status=Status.PREVIEW), nothing)
    reg.register(spec("PTP005", status=Status.DEPRECATED), nothing)
    reg.register(spec("PTP006", status=Status.REMOVED), nothing)
    return reg


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ((), (), {"PTP001", "PTP002", "PTP010", "MUE001", "MUE002"}),
        (("PTP",), (), {"PTP001", "PTP002", "PTP010"}),
        (("PTP",), ("PTP00",), {"PTP010"}),
        (("PTP001",), ("PTP",), {"PTP001"}),
        (("PTP0",), ("PTP",), {"PTP001", "PTP002", "PTP010"}),
        (("PTP",), ("PTP",), set()),
        ((), ("MUE", "PTP01"), {"PTP001", "PTP002"}),
        (("ALL",), ("MUE002",), {"PTP001", "PTP002", "PTP010", "MUE001"}),
        (("ptp001",), (), {"PTP001"}),
    ],
)
def test_longest_prefix_wins(select, ignore, expected):
    assert expected == set(selection_registry().enabled(select=select, ignore=ignore))


def test_preview_runs_when_asked_for_or_selected_by_full_code():
    reg = selection_registry()

    assert "PTP004" not in reg.enabled(select=("PTP",))
    assert "PTP004" in reg.enabled(select=("PTP",), preview=True)
    assert "PTP004" in reg.enabled(select=("PTP004",))


def test_deprecated_runs_only_by_full_code_and_warns():
    reg = selection_registry()

    assert "PTP005" not in reg.enabled(select=("PTP",), preview=True)
    with pytest.warns(DeprecationWarning, match="PTP005"):
        assert "PTP005" in reg.enabled(select=("PTP005",))


def test_removed_never_runs():
    assert "PTP006" not in selection_registry().enabled(select=("PTP006",), preview=True)


@pytest.mark.parametrize("entry", ["ptp-1", "P T P", "PTPTP", "1PTP", "PTP0001"])
def test_malformed_selection_entries_raise(entry):
    with pytest.raises(EditSelectionError, match="not an edit code or prefix") as info:
        selection_registry().enabled(select=(entry,))
    assert entry == info.value.value


def test_an_unknown_full_code_raises_but_an_unknown_prefix_does_not():
    reg = selection_registry()

    with pytest.raises(EditSelectionError, match="not a registered edit code"):
        reg.enabled(ignore=("PTP999",))
    assert frozenset() == reg.enabled(select=("ZZZ",))


def test_a_bare_string_is_refused():
    with pytest.raises(EditSelectionError, match="tuple"):
        selection_registry().enabled(select="PTP")  # type: ignore[arg-type]
    with pytest.raises(EditSelectionError, match="tuple"):
        Context(as_of=date(2026, 1, 1), select="PTP")  # type: ignore[arg-type]


def test_decisions_are_cached_and_logged_at_debug(caplog):
    reg = selection_registry()
    with caplog.at_level(logging.DEBUG, logger="rcm.edits._registry"):
        first = reg.enabled(select=("PTP",), ignore=("PTP00",))
        second = reg.enabled(select=("PTP",), ignore=("PTP00",))

    assert first is second
    assert 1 == sum("edit selection" in r.getMessage() for r in caplog.records)
    assert any("ignored by prefix 'PTP00'" in r.getMessage() for r in caplog.records)


def test_registering_clears_the_decision_cache():
    reg = selection_registry()
    before = reg.enabled(select=("MUE",))
    reg.register(spec("MUE003"), nothing)

    assert {"MUE003"} == set(reg.enabled(select=("MUE",))) - set(before)


# -- plugins --------------------------------------------------------------------------


class FakeEntryPoint:
    def __init__(self, name, value, loader):
        self.name = name
        self.value = value
        self._loader = loader

    def load(self):
        return self._loader()


def use_entry_points(monkeypatch, entries):
    import importlib.metadata

    def fake(group=None):
        assert registry_module.ENTRY_POINT_GROUP == group
        return list(entries)

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)


def test_plugins_register_through_a_callable_entry_point(monkeypatch):
    monkeypatch.delenv("RCM_NO_PLUGINS", raising=False)

    def setup(target):
        target.register(spec("ACME010"), nothing)

    use_entry_points(monkeypatch, [FakeEntryPoint("acme", "acme_rcm.edits:setup", lambda: setup)])
    reg = Registry(builtins=False, plugins=True)

    assert ("ACME010",) == reg.codes()
    assert "register()" == reg.edit_for("ACME010").origin


def test_a_module_entry_point_is_imported(monkeypatch):
    monkeypatch.delenv("RCM_NO_PLUGINS", raising=False)
    module = types.ModuleType("acme_rcm_edits")
    use_entry_points(monkeypatch, [FakeEntryPoint("acme", "acme_rcm_edits", lambda: module)])

    assert ("acme",) == load_plugins(fresh())


def test_rcm_no_plugins_skips_every_plugin(monkeypatch):
    monkeypatch.setenv("RCM_NO_PLUGINS", "1")

    def explode():
        raise AssertionError("plugins must not load")

    use_entry_points(monkeypatch, [FakeEntryPoint("acme", "acme", explode)])

    assert () == load_plugins(fresh())
    assert () == Registry(builtins=False, plugins=True).codes()


def test_a_broken_plugin_names_itself(monkeypatch):
    monkeypatch.delenv("RCM_NO_PLUGINS", raising=False)

    def broken():
        raise ImportError("no module named acme_rcm")

    use_entry_points(monkeypatch, [FakeEntryPoint("acme", "acme_rcm.edits", broken)])
    with pytest.raises(EditPluginError) as info:
        load_plugins(fresh())

    assert ("acme", "acme_rcm.edits") == (info.value.plugin, info.value.target)
    assert isinstance(info.value.__cause__, ImportError)


def test_a_plugin_with_a_bad_declaration_raises_the_definition_error(monkeypatch):
    monkeypatch.delenv("RCM_NO_PLUGINS", raising=False)

    def setup(target):
        target.register(spec("bad"), nothing)

    use_entry_points(monkeypatch, [FakeEntryPoint("acme", "acme:setup", lambda: setup)])
    with pytest.raises(EditDefinitionError, match="does not match"):
        load_plugins(fresh())


# -- the default registry -----------------------------------------------------------


def test_builtin_codes_are_well_formed_and_unique():
    specs = registry.specs()

    assert len({s.code for s in specs}) == len(specs)
    assert len({s.name for s in specs}) == len(specs)
    for s in specs:
        s.check_definition()
        assert s.citations, s.code
        assert all(isinstance(c, Citation) for c in s.citations)
        assert s.url_for_docs().endswith(f"/edits/{s.family}/#{s.code}")


def test_builtin_edits_are_loaded_lazily():
    reg = Registry(plugins=False)

    assert 0 == len(reg._specs)
    assert len(registry.codes()) == len(reg.codes())


def test_edit_binds_a_check_to_its_specs():
    edit = Edit((spec("ACME020"), spec("ACME021")), nothing)

    assert ("ACME020", "ACME021") == edit.codes


def test_a_private_registry_runs_only_its_own_edits():
    reg = fresh()

    @reg.register(spec("ACME030", message="claim {claim_id}"))
    def check(claim, context):
        yield reg["ACME030"].finding(claim_id="x")

    report = run(clean_claim(), Context(as_of=date(2025, 3, 10), registry=reg))

    assert ("ACME030",) == report.codes
    assert ("ACME030",) == report.edits
