"""A minimal item loader: per-field input and output processors, declared, and nothing else.

The article loader ran on ``itemloaders.ItemLoader``, whose machinery around each value (the
processor looked up through the item's field metadata, a ``functools.partial`` for the loader
context, error wrapping, an ``ItemAdapter`` to fill the item) cost about as much as the processors
themselves on every article. This keeps its contract for what the project uses: a processor is
declared as a ``<field>_in`` / ``<field>_out`` class attribute, else the class's default; it is
called with the list of the field's values, and with ``loader_context`` when it takes one. A value
goes in as a list: a list or tuple as its items, anything else as a list of itself. Each field's
processors are found once per class.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

Processor = Callable[..., Any]


def identity(values: list[Any]) -> list[Any]:
    """The values as they came: a processor for a field that needs none."""
    return values


def _takes_context(processor: Processor) -> bool:
    try:
        return "loader_context" in inspect.signature(processor).parameters
    except (TypeError, ValueError):  # a builtin without a signature takes no context
        return False


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return list(value) if isinstance(value, tuple) else [value]


class FieldLoader:
    """Collects raw values per field (``add_value``) and gives the item of processed ones (``load_item``)."""

    default_input_processor: ClassVar[Processor] = identity
    default_output_processor: ClassVar[Processor] = identity
    # Per field, its (processor, takes the context) pair, for input and for output.
    _inputs: ClassVar[dict[str, tuple[Processor, bool]]]
    _outputs: ClassVar[dict[str, tuple[Processor, bool]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._inputs, cls._outputs = {}, {}

    def __init__(self, **context: Any) -> None:
        self.context = context
        self.values: dict[str, list[Any]] = {}

    @classmethod
    def _processor(cls, field: str, kind: str) -> tuple[Processor, bool]:
        """The field's ``in`` or ``out`` processor, found and kept in the class's table."""
        found, default = ((cls._inputs, cls.default_input_processor) if kind == "in"
                          else (cls._outputs, cls.default_output_processor))
        processor = getattr(cls, f"{field}_{kind}", None) or default
        found[field] = (processor, _takes_context(processor))
        return found[field]

    def add_value(self, field: str, value: Any) -> None:
        """``value`` (one, or a list) through the field's input processor; nothing for None."""
        if value is None:
            return
        cls = type(self)
        processor, takes_context = cls._inputs.get(field) or cls._processor(field, "in")
        values = _as_list(value)
        processed = processor(values, loader_context=self.context) if takes_context else processor(values)
        if processed:
            self.values.setdefault(field, []).extend(_as_list(processed))

    def load_item(self) -> dict[str, Any]:
        """Each field's values through its output processor; a field that comes out None is left out."""
        cls, item = type(self), {}
        for field, values in self.values.items():
            processor, takes_context = cls._outputs.get(field) or cls._processor(field, "out")
            value = processor(values, loader_context=self.context) if takes_context else processor(values)
            if value is not None:
                item[field] = value
        return item
