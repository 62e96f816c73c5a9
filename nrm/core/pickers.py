"""Country and language pickers: a text box that offers the names (in the page's language)
as one types, for forms that store codes (docs/decisions/0010-citizenship-codes.md).

Without JavaScript the box is an `<input list>` over a `<datalist>` of names, which every
current browser offers as suggestions; nrm/static/nrm/pickers.js turns it into a listbox
that filters by any part of the name, without diacritics, with the keyboard or a tap.
The form posts the name (or a code) and the field reads it back into its code; anything
else is a field error. Languages take one box per language ("+" adds one)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from nrm.core import codes


def _datalist(list_id: str, choices) -> str:
    options = format_html_join("", '<option value="{}"></option>', ((n,) for _c, n in choices))
    return format_html('<datalist id="{}">{}</datalist>', list_id, options)


def _box(name: str, value: str, attrs: dict) -> str:
    base = {"type": "text", "autocomplete": "off", "spellcheck": "false", "data-picker": ""}
    return format_html("<input{}>", flatatt({**base, **attrs, "name": name, "value": value}))


class PickerInput(forms.TextInput):
    """One name from a list; `choices` is a callable giving (code, name) in the page's
    language, so the list follows the language of each request."""

    def __init__(self, choices, attrs=None):
        super().__init__(attrs)
        self.choices = choices

    def format_value(self, value):
        # A stored code is shown as its name; what the user typed is shown as typed.
        names = dict(self.choices())
        return names.get(value, value or "")

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        list_id = f"{attrs.get('id') or name}_list"
        box = _box(name, self.format_value(value), {**attrs, "list": list_id})
        return mark_safe(box + _datalist(list_id, self.choices()))  # noqa: S308 (escaped above)


class PickerMultiInput(forms.Widget):
    """Several names from one list: a box per name, and one empty box to add another."""

    def __init__(self, choices, attrs=None, extra: int = 1):
        super().__init__(attrs)
        self.choices = choices
        self.extra = extra

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        if getlist is not None:
            return getlist(name)
        value = data.get(name)
        return value if isinstance(value, list) else ([value] if value else [])

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty list is a value: no language known

    def format_value(self, value):
        names = dict(self.choices())
        return [names.get(v, v) for v in (value or []) if v]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        first_id = attrs.get("id") or name
        list_id = f"{first_id}_list"
        values = self.format_value(value)
        boxes = []
        for i, shown in enumerate([*values, *[""] * self.extra]):
            box_attrs = {**attrs, "list": list_id, "id": first_id if i == 0 else f"{first_id}_{i}"}
            if i:  # the first box has the field's <label>
                box_attrs["aria-label"] = f"{self.label!s} {i + 1}"
            boxes.append(_box(name, shown, box_attrs))
        return format_html(
            '<div class="picker-multi" data-picker-multi data-label="{}">{}{}</div>',
            str(self.label),
            mark_safe("".join(boxes)),  # noqa: S308 (each box escaped by format_html)
            mark_safe(_datalist(list_id, self.choices())),  # noqa: S308
        )

    label = ""


class _NameBoxes(forms.MultipleHiddenInput):
    """How a picker's value travels between two steps of a form (hidden fields)."""


class CitizenshipField(forms.CharField):
    """A citizenship (a country, stateless or unknown) chosen by name; cleans to its code.
    `countries_only` leaves out stateless and unknown (a country to transfer data to)."""

    def __init__(self, *, countries_only: bool = False, **kwargs):
        self.countries_only = countries_only
        kwargs.setdefault("max_length", 100)
        kwargs["widget"] = PickerInput(self._choices)
        super().__init__(**kwargs)

    def _choices(self):
        every = codes.citizenship_choices()
        return [(c, n) for c, n in every if len(c) == 2] if self.countries_only else every

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return ""
        code = codes.citizenship_from(text, countries_only=self.countries_only)
        if code is None:
            raise forms.ValidationError(
                _("Unknown country “%(value)s”: choose one of the names offered."),
                code="unknown",
                params={"value": text[:100]},
            )
        return code


class LanguagesField(forms.Field):
    """ISO 639-1 languages chosen by name, one box each; cleans to a list of codes in the
    order given, without repeats."""

    widget = PickerMultiInput
    hidden_widget = _NameBoxes

    def __init__(self, *, max_items: int = 20, **kwargs):
        self.max_items = max_items
        kwargs["widget"] = PickerMultiInput(codes.language_choices)
        super().__init__(**kwargs)
        self.widget.label = self.label or ""  # lazy: translated when rendered

    def to_python(self, value):
        if not value:
            return []
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        items = [x for x in items if str(x).strip()]
        if len(items) > self.max_items:  # before any look-up: a flood costs nothing
            raise forms.ValidationError(
                _("At most %(n)d languages."), code="max", params={"n": self.max_items}
            )
        found, unknown = [], []
        for item in (str(x).strip() for x in items):
            if not item:
                continue
            code = codes.language_from(item[:100])
            if code is None:
                unknown.append(item[:100])
            elif code not in found:
                found.append(code)
        if unknown:
            raise forms.ValidationError(
                _("Unknown language: %(values)s. Choose one of the names offered."),
                code="unknown",
                params={"values": ", ".join(unknown)},
            )
        return found

    def prepare_value(self, value):
        return value
