"""The edit registry: codes, checks, selection by prefix, and plugins.

Built-in edits load the first time the registry is used, not at import.
Third-party edits come in through the ``rcm.edits`` entry-point group
(:func:`load_plugins`), or in-process through :func:`register` for notebooks
and tests. Codes are checked when registered and can never be taken twice.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Final, TypeAlias, overload

import attrs

from rcm.edits._errors import EditPluginError, EditSelectionError
from rcm.edits._spec import CODE_PATTERN, EditSpec, Status
from rcm.errors import EditDefinitionError

if TYPE_CHECKING:
    from rcm.claims import Claim
    from rcm.edits._context import Context
    from rcm.edits._finding import Finding

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "Check",
    "Edit",
    "Registry",
    "load_plugins",
    "register",
    "registry",
]

logger = logging.getLogger(__name__)

#: The entry-point group third-party edit packages declare.
ENTRY_POINT_GROUP: Final = "rcm.edits"
#: Set this environment variable (to anything but empty) to skip plugins.
NO_PLUGINS_ENV: Final = "RCM_NO_PLUGINS"

#: A check: a pure function of the claim and the context that yields findings.
Check: TypeAlias = "Callable[[Claim, Context], Iterable[Finding]]"

_PREFIX: Final = re.compile(r"^[A-Z]{1,4}[0-9]{0,3}$")


@attrs.frozen(slots=True)
class Edit:
    """A check bound to the specs of the findings it may return.

    One check may report several codes (a family's related edits share the
    work); the engine runs it when any of them is selected and keeps only the
    findings of selected codes.

    Attributes:
        specs: the edits the check reports, at least one.
        check: the function ``check(claim, context) -> Iterable[Finding]``.
        origin: who registered it: ``"rcm"`` for built-ins, the plugin name,
            or ``"register()"`` for in-process registration.

    Example:
        >>> from rcm.edits import EditSpec, Severity
        >>> spec = EditSpec(code="XMP010", name="example", title="Example",
        ...                 severity=Severity.INFO, message="m", description="d", since="0.1.0")
        >>> Edit((spec,), lambda claim, context: ()).codes
        ('XMP010',)
    """

    specs: tuple[EditSpec, ...]
    check: Check = attrs.field(eq=False)
    origin: str = "register()"

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes the check reports.

        Example:
            >>> from rcm.edits import registry
            >>> registry.edit_for("PTP001").codes[:2]
            ('PTP001', 'PTP002')
        """
        return tuple(spec.code for spec in self.specs)


def _name_of(check: object) -> str:
    module = getattr(check, "__module__", None) or "?"
    name = getattr(check, "__qualname__", None) or type(check).__name__
    return f"{module}.{name}"


class Registry:
    """Every edit rcm knows: built-ins, plugins and in-process registrations.

    Most code uses the default :data:`registry` through :func:`rcm.edits.run`;
    tests and notebooks can make their own (``Registry(builtins=False)``) and
    pass it in the :class:`~rcm.edits.Context`.

    Args:
        builtins: include rcm's built-in families.
        plugins: load the ``rcm.edits`` entry points on first use (unless the
            ``RCM_NO_PLUGINS`` environment variable is set).

    Example:
        >>> from rcm.edits import EditSpec, Registry, Severity
        >>> mine = Registry(builtins=False, plugins=False)
        >>> spec = EditSpec(code="ACME001", name="acme-demo", title="Demo",
        ...                 severity=Severity.WARNING, message="{code} is odd",
        ...                 description="A demo edit.", since="0.1.0", status="stable")
        >>> @mine.register(spec)
        ... def check(claim, context):
        ...     return ()
        >>> mine.codes()
        ('ACME001',)
        >>> mine.enabled(select=("ACME",))
        frozenset({'ACME001'})
    """

    def __init__(self, *, builtins: bool = True, plugins: bool = True) -> None:
        self._builtins = builtins
        self._plugins = plugins
        self._loaded = False
        self._loading = False
        self._lock = threading.RLock()
        self._specs: dict[str, EditSpec] = {}
        self._aliases: dict[str, str] = {}
        self._edits: list[Edit] = []
        self._edit_of: dict[str, Edit] = {}
        self._generation = 0
        self._decisions: dict[tuple[object, ...], frozenset[str]] = {}

    def __repr__(self) -> str:
        return f"<Registry {len(self._specs)} edits, builtins={self._builtins}>"

    # -- loading --------------------------------------------------------------

    def _ensure(self) -> None:
        if self._loaded or self._loading:
            return
        with self._lock:
            self._load()

    def _load(self) -> None:
        # Called with the lock held; another thread may have loaded meanwhile.
        if self._loaded or self._loading:
            return
        self._loading = True
        try:
            if self._builtins:
                from rcm.edits.families import BUILTIN_EDITS

                for edit in BUILTIN_EDITS:
                    self._add(edit, replace=False)
            if self._plugins and not os.environ.get(NO_PLUGINS_ENV):
                load_plugins(self)
            self._loaded = True
        finally:
            self._loading = False

    @property
    def generation(self) -> int:
        """A counter that changes whenever an edit is registered (for caches).

        Example:
            >>> Registry(builtins=False, plugins=False).generation
            0
        """
        return self._generation

    # -- registration ---------------------------------------------------------

    @overload
    def register(
        self, specs: EditSpec | Sequence[EditSpec], check: None = None, *, replace: bool = False
    ) -> Callable[[Check], Check]: ...

    @overload
    def register(
        self, specs: EditSpec | Sequence[EditSpec], check: Check, *, replace: bool = False
    ) -> Check: ...

    def register(
        self,
        specs: EditSpec | Sequence[EditSpec],
        check: Check | None = None,
        *,
        replace: bool = False,
        origin: str = "register()",
    ) -> Check | Callable[[Check], Check]:
        """Register a check and the spec(s) it reports; usable as a decorator.

        Args:
            specs: one :class:`~rcm.edits.EditSpec` or several.
            check: the check; leave it out to use ``register`` as a decorator.
            replace: allow re-registering the same codes from the same check
                name (re-running a notebook cell). A code can never move to a
                different check, and a code once used is never reused.
            origin: recorded on the :class:`Edit` (plugins pass their name).

        Raises:
            EditDefinitionError: a malformed spec, a code or old code already
                taken, or a check that is not callable.

        Example:
            >>> from rcm.edits import EditSpec, Registry, Severity
            >>> mine = Registry(builtins=False, plugins=False)
            >>> spec = EditSpec(code="ACME002", name="acme-two", title="Two",
            ...                 severity="info", message="m", description="d", since="0.1.0")
            >>> _ = mine.register(spec, lambda claim, context: ())
            >>> mine.register(spec, lambda claim, context: ())
            Traceback (most recent call last):
            ...
            rcm.errors.EditDefinitionError: edit code ACME002 is already registered ...
        """
        spec_tuple = (specs,) if isinstance(specs, EditSpec) else tuple(specs)

        def decorate(function: Check) -> Check:
            self._ensure()
            self._add(Edit(spec_tuple, function, origin), replace=replace)
            return function

        if check is None:
            return decorate
        return decorate(check)

    def _add(self, edit: Edit, *, replace: bool) -> None:
        if not edit.specs:
            raise EditDefinitionError("a check must report at least one EditSpec")
        if not callable(edit.check):
            raise EditDefinitionError(f"the check for {edit.codes} is not callable")
        for spec in edit.specs:
            if not isinstance(spec, EditSpec):
                raise EditDefinitionError(f"expected an EditSpec, not {spec!r}")
            spec.check_definition()
        codes = [spec.code for spec in edit.specs]
        if len(set(codes)) != len(codes):
            raise EditDefinitionError(f"a check lists the same code twice: {codes}")
        with self._lock:
            replaced: list[Edit] = []
            for spec in edit.specs:
                taken = self._owner(spec.code)
                if taken is not None:
                    old = self._edit_of.get(taken)
                    same_check = old is not None and _name_of(old.check) == _name_of(edit.check)
                    if not (replace and taken == spec.code and same_check):
                        raise EditDefinitionError(
                            f"edit code {spec.code} is already registered (by {taken}); "
                            "codes are never reused (see docs/stability.md)"
                        )
                    if old is not None and old not in replaced:
                        replaced.append(old)
                for old_code in spec.old_codes:
                    owner = self._owner(old_code)
                    if owner is not None and owner != spec.code:
                        raise EditDefinitionError(
                            f"edit {spec.code}: old code {old_code} already belongs to {owner}"
                        )
            for old in replaced:
                if set(old.codes) - set(codes):
                    raise EditDefinitionError(
                        f"replacing {old.codes} with {tuple(codes)} would orphan codes"
                    )
                self._edits.remove(old)
            self._edits.append(edit)
            for spec in edit.specs:
                self._specs[spec.code] = spec
                self._edit_of[spec.code] = edit
                for old_code in spec.old_codes:
                    self._aliases[old_code] = spec.code
            self._generation += 1
            self._decisions.clear()
        logger.debug("registered edit(s) %s from %s", ", ".join(codes), edit.origin)

    def _owner(self, code: str) -> str | None:
        if code in self._specs:
            return code
        return self._aliases.get(code)

    # -- lookup ---------------------------------------------------------------

    def codes(self) -> tuple[str, ...]:
        """Every registered code, sorted.

        Example:
            >>> from rcm.edits import registry
            >>> "PTP001" in registry.codes()
            True
        """
        self._ensure()
        return tuple(sorted(self._specs))

    def specs(self) -> tuple[EditSpec, ...]:
        """Every registered spec, sorted by code.

        Example:
            >>> from rcm.edits import registry
            >>> registry.specs()[0].code < registry.specs()[-1].code
            True
        """
        self._ensure()
        return tuple(self._specs[code] for code in sorted(self._specs))

    def edits(self) -> tuple[Edit, ...]:
        """Every registered :class:`Edit`, in registration order.

        Example:
            >>> from rcm.edits import registry
            >>> len(registry.edits()) <= len(registry.codes())
            True
        """
        self._ensure()
        return tuple(self._edits)

    def get(self, code: str) -> EditSpec | None:
        """The spec for *code* (or an old code of it), or ``None``.

        Example:
            >>> from rcm.edits import registry
            >>> registry.get("PTP001").name, registry.get("ZZZ999")
            ('ptp-column2-bundled', None)
        """
        self._ensure()
        owner = self._owner(code)
        return None if owner is None else self._specs[owner]

    def __getitem__(self, code: str) -> EditSpec:
        spec = self.get(code)
        if spec is None:
            raise KeyError(code)
        return spec

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def __iter__(self) -> Iterator[EditSpec]:
        return iter(self.specs())

    def __len__(self) -> int:
        self._ensure()
        return len(self._specs)

    def edit_for(self, code: str) -> Edit:
        """The :class:`Edit` (check and specs) that reports *code*.

        Raises:
            KeyError: *code* is not registered.

        Example:
            >>> from rcm.edits import registry
            >>> registry.edit_for("MUE002").origin
            'rcm'
        """
        spec = self[code]
        return self._edit_of[spec.code]

    # -- selection ------------------------------------------------------------

    def normalize(
        self, entries: Iterable[str], label: str = "select", *, extra: Iterable[EditSpec] = ()
    ) -> tuple[str, ...]:
        """Check and normalize ``select``/``ignore`` entries (upper case, aliases resolved).

        ``ALL`` becomes the empty prefix. Old codes become their new codes, with
        a :class:`DeprecationWarning`.

        Raises:
            EditSelectionError: an entry that is not a code or prefix, or a full
                code that is neither registered nor among *extra*.

        Example:
            >>> from rcm.edits import registry
            >>> registry.normalize(("ptp", "all"))
            ('PTP', '')
        """
        self._ensure()
        known = {spec.code for spec in extra}
        out: list[str] = []
        if isinstance(entries, str):
            raise EditSelectionError(
                f"{label} takes a tuple of codes or prefixes, not the string {entries!r}; "
                f"write ({entries!r},)",
                value=entries,
                expected="a tuple of codes or prefixes",
            )
        for entry in entries:
            if not isinstance(entry, str):
                raise EditSelectionError(
                    f"{label} entries must be str, not {entry!r}", value=repr(entry)
                )
            text = entry.strip().upper()
            if text == "ALL":
                text = ""
            elif not _PREFIX.match(text):
                raise EditSelectionError(
                    f"{label} entry {entry!r} is not an edit code or prefix",
                    value=entry,
                    expected="ALL, or 1-4 capital letters then up to 3 digits (PTP, PTP0, PTP001)",
                )
            if text in self._aliases:
                new = self._aliases[text]
                warnings.warn(
                    f"edit code {text} was renamed {new}; select {new} instead",
                    DeprecationWarning,
                    stacklevel=4,
                )
                text = new
            elif _is_full_code(text) and text not in self._specs and text not in known:
                raise EditSelectionError(
                    f"{label} entry {text} is not a registered edit code (is the plugin that "
                    f"defines it installed, and {NO_PLUGINS_ENV} unset?)",
                    value=entry,
                    expected="a registered code",
                )
            out.append(text)
        return tuple(out)

    def decide(
        self,
        code: str,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        preview: bool = False,
    ) -> bool:
        """Whether *code* runs under this selection (see :meth:`enabled`).

        Example:
            >>> from rcm.edits import registry
            >>> registry.decide("PTP001", select=("PTP",), ignore=("PTP00",))
            False
            >>> registry.decide("PTP001", select=("PTP001",), ignore=("PTP",))
            True
        """
        return code in self.enabled(select=select, ignore=ignore, preview=preview)

    def enabled(
        self,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        preview: bool = False,
        extra: Sequence[EditSpec] = (),
    ) -> frozenset[str]:
        """The codes that run under a selection: longest matching prefix wins.

        With no ``select``, every stable edit runs. A code matched by both a
        ``select`` and an ``ignore`` prefix follows the longer prefix; on a tie,
        ignore wins. *extra* specs (a rule pack's own edits) are decided too.
        Preview edits run when ``preview=True`` or when selected
        by their full code; deprecated edits only when selected by their full
        code (with a :class:`DeprecationWarning`); removed edits never.
        Decisions are cached per selection and logged at ``DEBUG``.

        Raises:
            EditSelectionError: an entry that is not a code or prefix, or a
                full code that is not registered.

        Example:
            >>> from rcm.edits import registry
            >>> registry.enabled(select=("MUE",), ignore=("MUE00",))
            frozenset()
            >>> tuple(sorted(registry.enabled(select=("MUE",), ignore=("MUE002",))))[:2]
            ('MUE001', 'MUE003')
        """
        self._ensure()
        extra = tuple(extra)
        key = (tuple(select), tuple(ignore), bool(preview), self._generation, extra)
        cached = self._decisions.get(key)
        if cached is not None:
            return cached
        selected = self.normalize(select, "select", extra=extra)
        ignored = self.normalize(ignore, "ignore", extra=extra)
        chosen: set[str] = set()
        for spec in (*self._specs.values(), *extra):
            if _decide(spec, selected, ignored, preview=preview):
                chosen.add(spec.code)
        result = frozenset(chosen)
        self._decisions[key] = result
        logger.debug(
            "edit selection select=%s ignore=%s preview=%s: %d of %d edits run",
            selected,
            ignored,
            preview,
            len(result),
            len(self._specs),
        )
        return result


def _decide(
    spec: EditSpec, selected: tuple[str, ...], ignored: tuple[str, ...], *, preview: bool
) -> bool:
    code = spec.code
    if spec.status is Status.REMOVED:
        return False
    best_select = _longest(code, selected)
    best_ignore = _longest(code, ignored)
    if best_ignore is not None and (best_select is None or len(best_ignore) >= len(best_select)):
        logger.debug("edit %s ignored by prefix %r", code, best_ignore)
        return False
    if best_select is None and selected:
        return False
    exact = best_select == code
    if spec.status is Status.STABLE:
        return True
    if spec.status is Status.PREVIEW:
        return preview or exact
    # Deprecated: only by its full code, with a warning.
    if exact:
        warnings.warn(
            f"edit {code} ({spec.name}) is deprecated and will be removed; see docs/stability.md",
            DeprecationWarning,
            stacklevel=5,
        )
        return True
    return False


def _is_full_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(text))


def _longest(code: str, prefixes: tuple[str, ...]) -> str | None:
    best: str | None = None
    for prefix in prefixes:
        if code.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best


#: The default registry: built-ins plus plugins, loaded on first use.
registry: Final = Registry()


def register(
    specs: EditSpec | Sequence[EditSpec], check: Check | None = None, *, replace: bool = False
) -> Check | Callable[[Check], Check]:
    """Register an edit in the default :data:`registry` (see :meth:`Registry.register`).

    Example:
        >>> from rcm.edits import EditSpec, register
        >>> callable(register)
        True
    """
    return registry.register(specs, check, replace=replace)


def load_plugins(target: Registry | None = None) -> tuple[str, ...]:
    """Import the ``rcm.edits`` entry points and let them register their edits.

    An entry point names a module (importing it registers edits through
    :func:`register`) or a callable, which is called with the registry. Set
    ``RCM_NO_PLUGINS`` to skip plugins entirely (reproducible test runs).

    Returns:
        The names of the plugins loaded.

    Raises:
        EditPluginError: a plugin failed to import or to register.

    Example:
        >>> from rcm.edits import Registry, load_plugins
        >>> load_plugins(Registry(builtins=False, plugins=False))
        ()
    """
    from importlib.metadata import entry_points

    target = registry if target is None else target
    if os.environ.get(NO_PLUGINS_ENV):
        logger.debug("%s is set: not loading rcm.edits plugins", NO_PLUGINS_ENV)
        return ()
    loaded: list[str] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = entry.load()
            if callable(obj) and not isinstance(obj, types.ModuleType):
                obj(target)
        except EditDefinitionError:
            raise
        except Exception as exc:
            raise EditPluginError(plugin=entry.name, target=entry.value) from exc
        logger.debug("loaded rcm.edits plugin %s (%s)", entry.name, entry.value)
        loaded.append(entry.name)
    return tuple(loaded)
