"""The dashboard filters' drop-downs, written in Python: Django's select template includes
two more templates an option, and the filters are on every dashboard page."""

from django import forms
from django.utils.safestring import SafeString

from civicpulse.analytics.charts.markup import esc


class ListedSelect(forms.Select):
    """Writes what Django's select.html would."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{esc(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{esc(group_name)}">')
            parts.extend(
                f'\n  <option value="{esc(option["value"])}"{_attributes(option["attrs"])}>'
                f"{esc(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return SafeString("".join(parts))


def _attributes(attrs: dict) -> str:
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
