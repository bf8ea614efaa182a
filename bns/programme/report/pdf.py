"""The one-page summary as a PDF (reportlab platypus, A4 portrait, the built-in Helvetica fonts).

The built-in fonts write text in the Windows-1252 ("WinAnsi") encoding: French accents, "€", "œ", "…" and the
typographic quotes are in it; any other character is replaced (``pdf_text``) rather than drawn as a missing glyph.

ONE page, always: the texts and lists of the report are already shortened and capped (selectors.py); the PDF is
then built at the most generous density, and if it still spills onto a second page, rebuilt with fewer rows and
shorter texts (``DENSITIES``), each list ending with "and N more".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    LayoutError,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bns.programme.report.formatting import day, percent
from bns.programme.report.selectors import Report, report_title, shorten

INK = colors.HexColor("#1f2a37")
MUTED = colors.HexColor("#5b6776")
ACCENT = colors.HexColor("#0b5cab")
LINE = colors.HexColor("#c9d2dc")
HEAD_BG = colors.HexColor("#eef2f6")
WARN = colors.HexColor("#a63f00")
OK = colors.HexColor("#1e7a3c")

MARGIN = 11 * mm
FRAME_PADDING = 6  # SimpleDocTemplate's frame pads its content by 6 points on each side
PAGE_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
GUTTER = 4 * mm
HALF = (PAGE_WIDTH - GUTTER) / 2


@dataclass(frozen=True)
class Density:
    font: float
    objectives: int
    kpis: int
    lessons: int
    vision: int
    next_action: int
    text: int  # rationale, decisions
    statement: int  # an objective's statement
    reasons: int  # the SMART reason under each objective (0: none)


DENSITIES = (
    Density(font=7.6, objectives=6, kpis=8, lessons=3, vision=400, next_action=110, text=280, statement=95, reasons=58),
    Density(font=7.0, objectives=5, kpis=6, lessons=3, vision=260, next_action=80, text=180, statement=80, reasons=0),
    Density(font=6.5, objectives=3, kpis=4, lessons=2, vision=160, next_action=55, text=120, statement=60, reasons=0),
    Density(font=6.0, objectives=2, kpis=3, lessons=1, vision=90, next_action=0, text=70, statement=40, reasons=0),
)

_REPLACEMENTS = {"\u202f": "\u00a0", "\u2009": " ", "\u2011": "-", "\u2212": "-", "\u2192": "->", "\u2190": "<-"}


def pdf_text(value) -> str:
    """Text for a Paragraph: XML-escaped, in what the built-in fonts can draw (Windows-1252), "?" for the rest."""
    text = str(value if value is not None else "")
    for char, replacement in _REPLACEMENTS.items():
        text = text.replace(char, replacement)
    text = text.encode("cp1252", errors="replace").decode("cp1252")
    return escape(text)


class _Styles:
    def __init__(self, size: float):
        lead = size * 1.22
        self.body = ParagraphStyle("body", fontName="Helvetica", fontSize=size, leading=lead, textColor=INK)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=size - 0.8, leading=(size - 0.8) * 1.22, textColor=MUTED)
        self.bold = ParagraphStyle("bold", parent=self.body, fontName="Helvetica-Bold")
        self.cell = ParagraphStyle("cell", parent=self.body)
        self.head = ParagraphStyle("head", parent=self.body, fontName="Helvetica-Bold", textColor=MUTED)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.section = ParagraphStyle("section", parent=self.body, fontName="Helvetica-Bold", fontSize=size + 1.4,
                                      leading=(size + 1.4) * 1.25, textColor=ACCENT, spaceBefore=size * 0.7, spaceAfter=size * 0.25)
        self.title = ParagraphStyle("title", parent=self.body, fontName="Helvetica-Bold", fontSize=size + 6, leading=(size + 6) * 1.2)
        self.subtitle = ParagraphStyle("subtitle", parent=self.body, fontName="Helvetica-Bold", fontSize=size + 2.2,
                                       leading=(size + 2.2) * 1.25)
        self.net = ParagraphStyle("net", parent=self.body, fontName="Helvetica-Bold", fontSize=size + 2, leading=(size + 2) * 1.25)


def _p(text: str, style) -> Paragraph:
    return Paragraph(text, style)


def _table(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
    ]
    table.setStyle(TableStyle(style))
    return table


def _more(n: int, text: str, st: _Styles) -> list:
    """"and N more …" under a capped list (nothing when nothing was left out)."""
    return [_p(pdf_text(text % {"n": n}), st.small)] if n > 0 else []


def _header(report: Report, st: _Styles) -> list:
    it = report.iteration
    meta = [
        _("Process owner: %(name)s") % {"name": it.process_owner or _("not named")},
        _("Sponsor: %(name)s") % {"name": it.sponsor or _("not named")},
        _("from %(start)s to %(end)s") % {"start": day(it.starts_on), "end": day(it.target_end_on)},
    ]
    if it.month:
        meta.append(_("month %(month)s of %(months)s (%(percent)s%% of the time elapsed)")
                    % {"month": it.month, "months": it.months, "percent": it.percent_elapsed})
    else:
        meta.append(_("not started yet"))
    late = ""
    if it.late:
        late = " <font color='#a63f00'><b>{}</b></font>".format(pdf_text(
            ngettext("%(n)s day past the target end", "%(n)s days past the target end", it.days_late) % {"n": it.days_late}))
    heading = _("%(group)s · iteration %(n)s: %(title)s") % {"group": report.tenant_name, "n": it.iteration, "title": it.title}
    status = _("%(status)s · current step %(step)s: %(label)s") % {
        "status": it.status_label, "step": it.current_step, "label": it.current_step_label}
    return [
        _p(pdf_text(report_title()), st.title),
        _p(pdf_text(heading), st.subtitle),
        _p(pdf_text(" · ".join(meta)) + late, st.body),
        _p(pdf_text(status + " · " + _("generated on %(date)s") % {"date": day(report.today)}), st.small),
    ]


def _steps(report: Report, st: _Styles, d: Density) -> list:
    head = [_p(pdf_text(h), st.head) for h in ("#", _("Step"), _("Status"), _("Where it stands"))]
    if d.next_action:
        head.append(_p(pdf_text(_("Next thing to do")), st.head))
    rows = [head]
    for s in report.steps:
        style = st.bold if s.is_current else st.cell
        status = s.status_label + (" · " + _("late") if s.overdue else "")
        row = [_p(str(s.number), style), _p(pdf_text(s.label), style), _p(pdf_text(status), style), _p(pdf_text(s.figure), st.cell)]
        if d.next_action:
            row.append(_p(pdf_text(shorten(s.next_action, d.next_action)), st.cell))
        rows.append(row)
    widths = [12, 108, 62, 74, PAGE_WIDTH - 256] if d.next_action else [12, 170, 100, PAGE_WIDTH - 282]
    return [_p(pdf_text(_("The 8 steps")), st.section), _table(rows, widths)]


def _vision(report: Report, st: _Styles, d: Density) -> list:
    if report.vision is None:
        return [_p(pdf_text(_("Vision")), st.section), _p(pdf_text(_("No vision written yet.")), st.small)]
    title = _("Vision (version %(n)s)") % {"n": report.vision.version}
    return [_p(pdf_text(title), st.section), _p(f"<i>{pdf_text(shorten(report.vision.text, d.vision))}</i>", st.body)]


def _diagnostic(report: Report, st: _Styles) -> list:
    dg = report.diagnostic
    out = [_p(pdf_text(_("Self-assessment")), st.section)]
    if dg.level is None:
        summary = _("Nobody has answered the self-assessment yet.")
    else:
        summary = ngettext("Maturity level %(level)s (%(label)s), index %(index)s/100, %(n)s respondent.",
                           "Maturity level %(level)s (%(label)s), index %(index)s/100, %(n)s respondents.", dg.respondents) % {
            "level": dg.level, "label": dg.level_label, "index": dg.index, "n": dg.respondents}
    out.append(_p(pdf_text(summary), st.body))
    rows = [[_p(pdf_text(h), st.head) for h in (_("Dimension"), _("Declared"), _("Index"), _("Measured"))]]
    for dim in dg.dimensions:
        measured = str(dim.measured_level) if dim.measured_level else (_("no data") if dim.measurable else _("not measured"))
        if dim.gap:
            measured += f" ({dim.gap:+d})"
        rows.append([_p(pdf_text(dim.label), st.cell), _p(str(dim.declared_level or "–"), st.cell),
                     _p(str(dim.index if dim.index is not None else "–"), st.cell), _p(pdf_text(measured), st.cell)])
    out.append(_table(rows, [HALF - 42 - 30 - 58, 42, 30, 58]))
    out.append(_p(pdf_text(_("Levels 1 to 5; the gap in brackets is declared minus measured.")), st.small))
    return out


def _kpis(report: Report, st: _Styles, d: Density) -> list:
    out = [_p(pdf_text(_("Key indicators (KPIs)")), st.section)]
    kpis = report.kpis[: d.kpis]
    if not kpis:
        return [*out, _p(pdf_text(_("No KPI yet.")), st.small)]
    rows = [[_p(pdf_text(h), st.head) for h in (_("Indicator"), _("Latest"), _("Target"), _("Status"))]]
    for k in kpis:
        rows.append([_p(pdf_text(shorten(k.name, 48)), st.cell), _p(pdf_text(k.latest_text), st.cell),
                     _p(pdf_text(k.target_text), st.cell), _p(pdf_text(k.status_label), st.cell)])
    out.append(_table(rows, [HALF - 42 - 42 - 72, 42, 42, 72]))
    more = report.kpis_total - len(kpis)
    out += _more(more, ngettext("and %(n)s more KPI", "and %(n)s more KPIs", more), st)
    return out


def _objectives(report: Report, st: _Styles, d: Density) -> list:
    out = [_p(pdf_text(_("SMART objectives")), st.section)]
    objectives = report.objectives[: d.objectives]
    if not objectives:
        return [*out, _p(pdf_text(_("No SMART objective yet.")), st.small)]
    head = (_("Objective"), _("KPI: latest / target"), _("Deadline"), _("Owned by"), _("SMART"), _("Progress"))
    rows = [[_p(pdf_text(h), st.head) for h in head]]
    for o in objectives:
        statement = pdf_text(shorten(o.statement, d.statement))
        if d.reasons and o.smart_reason:
            reason = pdf_text(shorten(o.smart_reason, d.reasons))
            statement += f"<br/><font color='#a63f00' size='{st.small.fontSize}'>{reason}</font>"
        measure = "–"
        if o.kpi:
            measure = _("%(kpi)s: %(latest)s / %(target)s") % {"kpi": shorten(o.kpi, 40), "latest": o.latest_text,
                                                               "target": o.target_text}
        smart = o.smart_text
        rows.append([_p(statement, st.cell), _p(pdf_text(measure), st.cell), _p(pdf_text(day(o.deadline)), st.cell),
                     _p(pdf_text(o.owner or _("no owner")), st.cell), _p(pdf_text(smart), st.cell),
                     _p(pdf_text(percent(o.progress)), st.right)])
    widths = [0, 92, 46, 60, 60, 50]
    widths[0] = PAGE_WIDTH - sum(widths)
    out.append(_table(rows, widths))
    more = report.objectives_total - len(objectives)
    out += _more(more, ngettext("and %(n)s more objective", "and %(n)s more objectives", more), st)
    return out


def _strategy_means(report: Report, st: _Styles, d: Density) -> list:
    out = [_p(pdf_text(_("Retained strategy")), st.section)]
    if report.strategy is None:
        out.append(_p(pdf_text(_("No strategy option retained yet.")), st.small))
    else:
        out.append(_p(f"<b>{pdf_text(report.strategy.title)}</b>", st.body))
        if report.strategy.rationale:
            out.append(_p(pdf_text(shorten(report.strategy.rationale, d.text)), st.body))
    m = report.means
    out.append(_p(pdf_text(_("Means")), st.section))
    counts = m.counts_text
    actions = ngettext("%(n)s action", "%(n)s actions", m.actions) % {"n": m.actions}
    line = f"{actions}{' (' + counts + ')' if counts else ''}"
    out.append(_p(pdf_text(line), st.body))
    if m.overdue:
        out.append(_p("<font color='#a63f00'><b>{}</b></font>".format(pdf_text(
            ngettext("%(n)s action is overdue.", "%(n)s actions are overdue.", m.overdue) % {"n": m.overdue})), st.body))
    out.append(_p(pdf_text(_("Budget: %(planned)s planned, %(spent)s spent, %(replaced)s of classic spend replaced.") % {
        "planned": m.planned_text, "spent": m.spent_text, "replaced": m.replaced_text}), st.body))
    color = "#1e7a3c" if m.is_saving else ("#a63f00" if m.net > 0 else "#1f2a37")
    out.append(_p(f"<font color='{color}'>{pdf_text(m.net_text[:1].upper() + m.net_text[1:])}</font>", st.net))
    return out


def _reviews_lessons(report: Report, st: _Styles, d: Density) -> list:
    r = report.reviews
    out = [_p(pdf_text(_("Reviews")), st.section)]
    if r.last_held_on:
        out.append(_p(pdf_text(_("Last review on %(date)s (%(n)s held).") % {"date": day(r.last_held_on), "n": r.held}), st.body))
        if r.last_decisions:
            out.append(_p(pdf_text(_("Decisions: %(text)s") % {"text": shorten(r.last_decisions, d.text)}), st.body))
    else:
        out.append(_p(pdf_text(_("No review held yet.")), st.body))
    if r.overdue:
        due = ngettext("The review due on %(date)s is %(n)s day late.", "The review due on %(date)s is %(n)s days late.",
                       r.days_overdue) % {"date": day(r.next_due_on), "n": r.days_overdue}
        out.append(_p(f"<font color='#a63f00'><b>{pdf_text(due)}</b></font>", st.body))
    else:
        out.append(_p(pdf_text(_("Next review due on %(date)s.") % {"date": day(r.next_due_on)}), st.body))
    out.append(_p(pdf_text(_("Latest lessons")), st.section))
    lessons = report.lessons[: d.lessons]
    if not lessons:
        out.append(_p(pdf_text(_("No lesson recorded yet.")), st.small))
    for lesson in lessons:
        text = shorten(lesson.text, max(d.text // 2, 60))
        out.append(_p("<b>{}</b> {}".format(pdf_text(_("Step %(n)s:") % {"n": lesson.step}), pdf_text(text)), st.body))
    more = report.lessons_total - len(lessons)
    out += _more(more, ngettext("and %(n)s more lesson", "and %(n)s more lessons", more), st)
    return out


def _columns(left: list, right: list) -> Table:
    table = Table([[left, right]], colWidths=[HALF + GUTTER, HALF])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, 0), GUTTER), ("RIGHTPADDING", (1, 0), (1, 0), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _story(report: Report, d: Density) -> list:
    st = _Styles(d.font)
    return [
        *_header(report, st),
        KeepTogether(_steps(report, st, d)),
        KeepTogether(_vision(report, st, d)),
        _columns(_diagnostic(report, st), _kpis(report, st, d)),
        KeepTogether(_objectives(report, st, d)),
        _columns(_strategy_means(report, st, d), _reviews_lessons(report, st, d)),
        Spacer(1, 2 * mm),
    ]


def _build(report: Report, d: Density) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    pages = []

    def footer(canvas, doc):
        pages.append(doc.page)
        canvas.saveState()
        canvas.setFont("Helvetica", 6)
        canvas.setFillColor(MUTED)
        text = pdf_text(_("BNS · %(group)s · iteration %(n)s · %(date)s") % {
            "group": report.tenant_name, "n": report.iteration.iteration, "date": day(report.today)})
        canvas.drawString(MARGIN, MARGIN / 2, text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
                            title=report_title(), author="BNS", subject=report.iteration.title, lang=report.language)
    doc.build(_story(report, d), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), len(pages)


def report_pdf(report: Report) -> bytes:
    """The report as a one-page A4 PDF (see the module docstring)."""
    data = b""
    for density in DENSITIES:
        try:
            data, pages = _build(report, density)
        except LayoutError:  # a block taller than the page: it does not fit either
            continue
        if pages == 1:
            return data
    return data  # pragma: no cover - the last density fits whatever the data (the texts and lists are capped)
