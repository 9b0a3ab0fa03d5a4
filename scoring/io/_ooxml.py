"""What an ``.xlsx`` package may hold: content types and relationship types, by name.

:class:`scoring.io.xlsx.Package` accepts a part only when its content type is in
:data:`ALLOWED_TYPES` and a relationship only when its type is a plain spreadsheet one;
the ``_REFUSED_*`` tables only choose the words of the refusal. Anything unknown is
refused too ("it cannot be checked").
"""

from __future__ import annotations

__all__ = [
    "ALLOWED_RELS",
    "ALLOWED_REL_SUFFIXES",
    "ALLOWED_TYPES",
    "CONTENT_TYPES",
    "PATH_HINTS",
    "REFUSED_RELS",
    "REFUSED_TYPES",
    "WORKBOOK_TYPE",
    "rel_suffix",
]

_CT = "application/vnd.openxmlformats-officedocument."
_SML = _CT + "spreadsheetml."
ALLOWED_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-package.relationships+xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
        "application/xml",
        "text/xml",
        _CT + "extended-properties+xml",
        _CT + "custom-properties+xml",
        _CT + "customXmlProperties+xml",
        _CT + "theme+xml",
        _CT + "themeOverride+xml",
        _CT + "drawing+xml",
        _CT + "drawingml.chart+xml",
        _CT + "drawingml.chartshapes+xml",
        _CT + "vmlDrawing",
        _SML + "sheet.main+xml",
        _SML + "worksheet+xml",
        _SML + "chartsheet+xml",
        _SML + "sharedStrings+xml",
        _SML + "styles+xml",
        _SML + "calcChain+xml",
        _SML + "comments+xml",
        _SML + "table+xml",
        _SML + "tableSingleCells+xml",
        _SML + "sheetMetadata+xml",
        _SML + "pivotTable+xml",
        _SML + "pivotCacheDefinition+xml",
        _SML + "pivotCacheRecords+xml",
        _SML + "printerSettings",
        "application/vnd.ms-office.chartstyle+xml",
        "application/vnd.ms-office.chartcolorstyle+xml",
        "application/vnd.ms-excel.person+xml",
        "application/vnd.ms-excel.threadedcomments+xml",
        "application/vnd.ms-excel.slicer+xml",
        "application/vnd.ms-excel.slicerCache+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/bmp",
        "image/tiff",
        "image/x-emf",
        "image/x-wmf",
    }
)
#: Content types refused with a specific reason (matched as lower-case substrings).
REFUSED_TYPES = (
    ("macroenabled", "macros (a macro-enabled workbook; save it as a plain .xlsx)"),
    ("vbaproject", "macros (a VBA project)"),
    ("activex", "ActiveX controls"),
    ("oleobject", "embedded OLE objects"),
    ("externallink", "external links to other workbooks"),
    ("connections", "data connections"),
    ("querytable", "external data queries"),
    ("controlproperties", "form controls"),
    ("webextension", "Office add-ins"),
    ("volatiledependencies", "real-time data links"),
    ("wordprocessingml", "embedded documents"),
    ("presentationml", "embedded documents"),
    ("spreadsheetml.sheet", "an embedded workbook"),
    ("package", "embedded packages"),
)

_REL_BASES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
)
ALLOWED_REL_SUFFIXES = frozenset(
    {
        "officeDocument",
        "worksheet",
        "chartsheet",
        "sharedStrings",
        "styles",
        "theme",
        "themeOverride",
        "calcChain",
        "comments",
        "table",
        "tableSingleCells",
        "sheetMetadata",
        "pivotTable",
        "pivotCacheDefinition",
        "pivotCacheRecords",
        "printerSettings",
        "drawing",
        "chart",
        "chartUserShapes",
        "vmlDrawing",
        "image",
        "hyperlink",
        "extended-properties",
        "custom-properties",
        "customXml",
        "customXmlProps",
    }
)
ALLOWED_RELS = frozenset(
    {
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        "http://schemas.microsoft.com/office/2011/relationships/chartStyle",
        "http://schemas.microsoft.com/office/2011/relationships/chartColorStyle",
        "http://schemas.microsoft.com/office/2017/10/relationships/person",
        "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
        "http://schemas.microsoft.com/office/2007/relationships/slicer",
        "http://schemas.microsoft.com/office/2007/relationships/slicerCache",
    }
)
REFUSED_RELS = (
    ("externallink", "external links to other workbooks"),
    ("oleobject", "embedded OLE objects"),
    ("package", "embedded packages"),
    ("activex", "ActiveX controls"),
    ("control", "ActiveX or form controls"),
    ("vbaproject", "macros (a VBA project)"),
    ("attachedtemplate", "an attached template"),
    ("connections", "data connections"),
    ("querytable", "external data queries"),
    ("ui/extensibility", "a customised ribbon"),
    ("webextension", "Office add-ins"),
    ("volatiledependencies", "real-time data links"),
)
#: How an unreferenced part is described in the refusal (the refusal itself does not depend on the name).
PATH_HINTS = (
    ("vbaproject", "macros (a VBA project)"),
    ("embeddings/", "embedded objects"),
    ("oleobject", "embedded objects"),
    ("externallink", "external links to other workbooks"),
    ("activex", "ActiveX controls"),
    ("ctrlprops/", "form controls"),
    ("connections", "data connections"),
    ("querytables/", "external data queries"),
    ("customui", "a customised ribbon"),
)
WORKBOOK_TYPE = _SML + "sheet.main+xml"
CONTENT_TYPES = "[Content_Types].xml"


def rel_suffix(kind: str) -> str:
    """``.../relationships/worksheet`` -> ``worksheet`` (transitional or strict); else the whole type."""
    for base in _REL_BASES:
        if kind.startswith(base):
            return kind[len(base) :]
    return kind
