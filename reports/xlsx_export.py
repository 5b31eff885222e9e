"""report.xlsx: the findings, cookies and requests of report.json, one sheet each, for Excel
users (a French Excel opens the CSV files as one column: they stay as they are, for tools).

The rows are the CSV files' (reports.csv_export); headers, severities, phases and themes in
the report's language; lifetimes and statuses are numbers, expiry times Excel datetimes in
Paris time. Site-controlled text is stored as text, never as a formula."""
from __future__ import annotations

import io
import json
from datetime import datetime

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from auditor.contract import DEFAULT_LANGUAGE, parse_iso
from reports.csv_export import TABLES
from reports.i18n import Translator
from reports.safety import FORMULA_START
from reports.views.formatting import ZONE

TIME_COLUMNS = {"expires"}
# Ids shown as the report shows them, by column: the catalogue section of their labels.
LABELLED = {"severity": "severity", "phase": "phase", "theme": "theme", "category": "category",
            "resource_type": "resource"}
MAX_CELL = 32767  # Excel's limit on a cell's text
WIDTH = (8, 60)   # a column's width in characters, at least and at most


def _paris(value):
    """An ISO time as a naive Paris datetime (Excel has no time zones); other text as is."""
    moment = parse_iso(value)
    return moment.astimezone(ZONE).replace(tzinfo=None) if moment else value


def _value(column: str, value, t: Translator):
    if value is None:
        return None
    if column in TIME_COLUMNS:
        value = _paris(value)
    elif column in LABELLED and isinstance(value, str):
        value = t.get(f"{LABELLED[column]}.{value}", value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        # Control characters are refused by the file format; very long text by Excel.
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:MAX_CELL]
    return value


def _frame(rows: list[dict], columns: list[str], t: Translator) -> pd.DataFrame:
    frame = pd.DataFrame([[_value(c, row.get(c), t) for c in columns] for row in rows],
                         columns=[t(f"sheet.columns.{c}") for c in columns], dtype=object)
    for column in frame.columns:  # a column of numbers is numeric, not text cells
        values = frame[column].dropna()
        if len(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            frame[column] = pd.to_numeric(frame[column])
    return frame


def _cells(sheet, time_format: str) -> None:
    """openpyxl writes a string starting with "=" as a formula: every cell that looks like one
    is made a plain string, with Excel's quote prefix so that editing it keeps it text. Times
    get the report language's date format."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True
            elif isinstance(cell.value, datetime):
                cell.number_format = time_format


def _layout(sheet, frame: pd.DataFrame) -> None:
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].dropna()])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, WIDTH[0]), WIDTH[1])


def report_xlsx(report: dict, language: str = DEFAULT_LANGUAGE) -> bytes:
    t = Translator(language)
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, (columns, rows) in TABLES.items():
            frame = _frame(rows(report, language), columns, t)
            title = t(f"sheet.names.{name}")
            frame.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            _cells(sheet, t("sheet.datetime_format"))
            _layout(sheet, frame)
    return out.getvalue()
