/*
 * layout.c — the runs of a page put back into lines and paragraphs.
 *
 * The heuristics, as a reader of a Chinese official document sees its
 * pages (GB/T 9704: body text flush left and right, the first line of each
 * paragraph indented by two characters, no space between paragraphs). "em"
 * is the font size of the runs or lines compared.
 *
 * Lines. Runs are taken top to bottom; a run whose baseline lies within
 * 0.4 em of the first (topmost) run of the line being built joins it, so a
 * line may hold runs of several sizes, a superscript or the cells of a
 * table row. A line reads left to right. Between two runs: nothing when
 * they touch (a gap under 0.15 em); when both sides are wide (Chinese)
 * characters a gap of 0.8 em or more is one full-width space (a typed
 * U+3000, as in 第一条　); any other gap of 0.25 em or more is one space.
 * A run drawn twice at the same place (bold by overprinting) is read once.
 *
 * Page furniture. The first and the last line of a page are dropped when
 * they are a page number (nl_layout_is_page_number: — 3 —, -3-, 第3页 …)
 * standing in the top or bottom fifth of the page, twice at most per edge.
 * Furniture drawn outside the page content (OFD templates, annotations,
 * seals) never reaches the layout.
 *
 * Margins. The left margin is the leftmost start of a line shared by two
 * lines (within 0.5 em), so one stray line further left does not move it;
 * the right margin likewise the rightmost end shared by two lines (within
 * 1 em: the loader estimates where the last glyph ends). A page of fewer
 * than three lines (a signature page) keeps the margins of the page before;
 * when no page before had three, its own serve for its own lines, but its
 * last line is not taken to run to the margin (so nothing continues it).
 *
 * Paragraphs. A line starts a new paragraph when
 *   - it is indented: it starts more than 0.8 em right of the left margin
 *     (the two-character indent of a first line; centred and right-aligned
 *     lines — titles, signatures, dates — too);
 *   - the line before did not run to the right margin (ended more than
 *     1.5 em short of it): the last line of a paragraph;
 *   - the font size changes by a fifth or more (a title above the body);
 *   - the gap above it is more than 1.3 line pitches and half an em more
 *     than one pitch (the pitch being the median distance between
 *     consecutive baselines of the page): space between blocks.
 * Otherwise the line continues the paragraph: Chinese is joined without a
 * space; a space is put only between two Latin letters or digits, where a
 * word processor had broken the line at a space.
 *
 * Across pages. The last paragraph of a page stays open: the first line of
 * the next page continues it when the page's last line ran to the right
 * margin and this line is not indented and not of another size. A page
 * without text, or with nothing but its page number, closes it.
 *
 * Locators. Printed lines are numbered from 1 on each page, page numbers
 * left out; every paragraph records where each of its printed lines starts
 * (nl_doc_add_page_mark), so a finding in its middle names the right page and
 * line.
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "load/layout.h"

#define BASELINE_TOL 0.4 /* em: baselines closer than this share a line */
#define GAP_TOUCH 0.15   /* em: runs closer than this touch */
#define GAP_WIDE 0.8     /* em: a gap between wide characters that is a full-width space */
#define GAP_NARROW 0.25  /* em: a gap next to a narrow character that is a space */
#define LEFT_SHARED 0.5  /* em: line starts this close count as one */
#define RIGHT_SHARED 1.0 /* em: line ends this close count as one */
#define INDENT 0.8       /* em right of the left margin: an indented line */
#define FULL 1.5         /* em short of the right margin: still a full line */
#define SIZE_JUMP 1.2    /* ratio of font sizes that separates paragraphs */
#define PITCH_GAP 1.3    /* line pitches of vertical gap that separate paragraphs */
#define EDGE 0.2         /* the part of the page height, at top and bottom, where page numbers stand */
#define MAX_EDGE_DROPS 2 /* page numbers dropped at most per edge of a page */

typedef struct seg {
    nl_run r;
    size_t off, len; /* its text in l->text */
    size_t order;    /* as added: ties keep the order of drawing */
} seg;

typedef struct pline {
    double y, x0, x1, size;
    size_t off, len; /* its text in l->ltext */
    int drop;        /* page furniture */
} pline;

typedef struct pmark {
    size_t off; /* into the open paragraph */
    uint32_t page, line;
} pmark;

struct nl_layout {
    nl_doc *doc;
    uint32_t part, page, ordinal;
    /* the current page */
    seg *segs;
    size_t nsegs, segs_cap;
    nl_buf text;
    pline *lines;
    size_t nlines, lines_cap;
    nl_buf ltext;
    double *tmp; /* scratch for medians and margins */
    size_t tmp_cap;
    /* the open paragraph, which may continue on the next page */
    nl_buf para;
    pmark *marks;
    size_t nmarks, marks_cap;
    int last_full;    /* its last line ran to the right margin */
    double last_size; /* and had this size */
    /* margins and pitch: of the last page with enough lines to tell them
       (sure), else of this page alone */
    double left, right, pitch;
    int have_margins;
    int oom;
};

static double absd(double v) { return v < 0 ? -v : v; }
static double maxd(double a, double b) { return a > b ? a : b; }
static int finite(double v) { return v == v && v > -1e15 && v < 1e15; }

nl_status nl_layout_new(nl_layout **out, nl_doc *doc, uint32_t part)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return NL_ERR_NOMEM;
    (*out)->doc = doc;
    (*out)->part = part;
    return NL_OK;
}

void nl_layout_free(nl_layout *l)
{
    if (!l)
        return;
    free(l->segs);
    nl_buf_free(&l->text);
    free(l->lines);
    nl_buf_free(&l->ltext);
    free(l->tmp);
    nl_buf_free(&l->para);
    free(l->marks);
    free(l);
}

uint32_t nl_layout_pages(const nl_layout *l) { return l->page; }

nl_status nl_layout_add(nl_layout *l, const nl_run *r, const char *text, size_t len)
{
    if (!len || !finite(r->x0) || !finite(r->x1) || !finite(r->y) || !finite(r->size) || r->size <= 0)
        return NL_OK;
    if (nl_grow((void **)&l->segs, &l->segs_cap, l->nsegs, sizeof *l->segs, 64) != 0)
        return NL_ERR_NOMEM;
    seg *s = &l->segs[l->nsegs];
    s->r = *r;
    if (s->r.x1 < s->r.x0)
        s->r.x1 = s->r.x0;
    s->off = l->text.n;
    s->len = len;
    s->order = l->nsegs++;
    char *p = nl_buf_reserve(&l->text, len);
    if (!p)
        return NL_ERR_NOMEM;
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)text[i] < 0x20 ? ' ' : text[i];
    nl_buf_commit(&l->text, len);
    return NL_OK;
}

/* ---- page numbers ---- */

/* Skip spaces (ASCII, no-break, full-width) at *p. */
static void skip_spaces(const char **p, const char *end)
{
    for (;;) {
        uint32_t cp;
        size_t n = *p < end ? nl_utf8_decode(*p, (size_t)(end - *p), &cp) : 0;
        if (!n || !nl_cp_is_space(cp))
            return;
        *p += n;
    }
}

/* Take `word` (UTF-8) at *p, spaces before it skipped: 1 if it was there. */
static int take(const char **p, const char *end, const char *word)
{
    skip_spaces(p, end);
    size_t n = strlen(word);
    if ((size_t)(end - *p) < n || memcmp(*p, word, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* Take one to four digits (ASCII or full-width): 1 if there were any. */
static int take_number(const char **p, const char *end)
{
    int k = 0;
    skip_spaces(p, end);
    for (;;) {
        uint32_t cp;
        size_t n = *p < end ? nl_utf8_decode(*p, (size_t)(end - *p), &cp) : 0;
        if (!n || !((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)))
            break;
        *p += n;
        k++;
    }
    return k >= 1 && k <= 4;
}

/* Take the dashes that frame a page number (— 3 —): how many. */
static int take_dashes(const char **p, const char *end)
{
    static const char *const dashes[] = {"-", "\xEF\xBC\x8D" /* － */, "\xE2\x80\x94" /* — */,
                                         "\xE2\x80\x93" /* – */, "\xE2\x80\x95" /* ― */,
                                         "\xE2\x80\x92" /* ‒ */, "\xE2\x94\x80" /* ─ */};
    int k = 0;
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
            if (take(p, end, dashes[i])) {
                k++;
                again = 1;
            }
    }
    return k;
}

/* 第3页, then optionally 共5页 (after a comma, slash or space). */
static int chinese_page(const char **p, const char *end)
{
    if (take(p, end, "共")) /* 共5页 第3页 */
        return take_number(p, end) && take(p, end, "页") && take(p, end, "第") && take_number(p, end) &&
               take(p, end, "页");
    if (!take(p, end, "第") || !take_number(p, end) || !take(p, end, "页"))
        return 0;
    const char *q = *p;
    (void)(take(&q, end, ",") || take(&q, end, "，") || take(&q, end, "/") || take(&q, end, "／") ||
           take(&q, end, "、"));
    if (take(&q, end, "共") && take_number(&q, end) && take(&q, end, "页"))
        *p = q;
    return 1;
}

int nl_layout_is_page_number(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    if (chinese_page(&p, end)) {
        skip_spaces(&p, end);
        return p == end;
    }
    p = text;
    if (take(&p, end, "Page") || take(&p, end, "page") || take(&p, end, "PAGE")) {
        if (!take_number(&p, end))
            return 0;
        if (take(&p, end, "of") && !take_number(&p, end))
            return 0;
    } else {
        int before = take_dashes(&p, end);
        if (!take_number(&p, end))
            return 0;
        if (!before && (take(&p, end, "/") || take(&p, end, "／")) && !take_number(&p, end))
            return 0;
        if (take_dashes(&p, end) ? !before : before > 0)
            return 0; /* framed on one side only: "-3" is a minus, not a page number */
    }
    skip_spaces(&p, end);
    return p == end;
}

/* ---- lines ---- */

static int by_y(const void *a, const void *b)
{
    const seg *x = a, *y = b;
    if (x->r.y != y->r.y)
        return x->r.y < y->r.y ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int by_x(const void *a, const void *b)
{
    const seg *x = a, *y = b;
    if (x->r.x0 != y->r.x0)
        return x->r.x0 < y->r.x0 ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The last / first code point of s[0..n) (n > 0). */
static uint32_t last_cp(const char *s, size_t n)
{
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    nl_utf8_decode(s + i, n - i, &cp);
    return cp;
}

static uint32_t first_cp(const char *s, size_t n)
{
    uint32_t cp;
    nl_utf8_decode(s, n, &cp);
    return cp;
}

/* What goes between a line's text so far and the next run: "", " " or a
   full-width space, by the gap between them. */
static const char *run_gap(const nl_buf *line, const seg *s, const char *text, double x1, double em)
{
    double gap = s->r.x0 - x1;
    if (!line->n || gap < GAP_TOUCH * em)
        return "";
    int wide = nl_cp_width(last_cp(line->p, line->n)) == 2 && nl_cp_width(first_cp(text + s->off, s->len)) == 2;
    if (wide)
        return gap >= GAP_WIDE * em ? "\xE3\x80\x80" : "";
    return gap >= GAP_NARROW * em ? " " : "";
}

/* segs[from, to) share a baseline: sort them left to right and append their
   joined text as one line. */
static void make_line(nl_layout *l, size_t from, size_t to)
{
    qsort(l->segs + from, to - from, sizeof *l->segs, by_x);
    if (nl_grow((void **)&l->lines, &l->lines_cap, l->nlines, sizeof *l->lines, 64) != 0) {
        l->oom = 1;
        return;
    }
    pline *ln = &l->lines[l->nlines++];
    nl_buf line = {0};
    const seg *prev = NULL;
    double x1 = 0, size = 0;
    for (size_t i = from; i < to; i++) {
        const seg *s = &l->segs[i];
        double em = maxd(s->r.size, prev ? prev->r.size : s->r.size);
        if (prev && s->len == prev->len && memcmp(l->text.p + s->off, l->text.p + prev->off, s->len) == 0 &&
            absd(s->r.x0 - prev->r.x0) < 0.3 * em && absd(s->r.y - prev->r.y) < 0.3 * em)
            continue; /* overprinted */
        nl_buf_puts(&line, run_gap(&line, s, l->text.p, x1, em));
        nl_buf_put(&line, l->text.p + s->off, s->len);
        x1 = prev ? maxd(x1, s->r.x1) : s->r.x1;
        size = maxd(size, s->r.size);
        prev = s;
    }
    *ln = (pline){l->segs[from].r.y, l->segs[from].r.x0, x1, size, l->ltext.n, line.n, 0};
    nl_buf_put(&l->ltext, nl_buf_str(&line), line.n);
    l->oom |= line.oom;
    nl_buf_free(&line);
}

/* The page's runs into lines, top to bottom. */
static void group_lines(nl_layout *l)
{
    if (!l->nsegs)
        return;
    qsort(l->segs, l->nsegs, sizeof *l->segs, by_y);
    size_t from = 0;
    for (size_t i = 1; i <= l->nsegs; i++) {
        const nl_run *first = &l->segs[from].r;
        if (i < l->nsegs && l->segs[i].r.y - first->y <= BASELINE_TOL * maxd(first->size, l->segs[i].r.size))
            continue;
        make_line(l, from, i);
        from = i;
    }
}

/* Page numbers at the top and the bottom of the page. */
static void drop_furniture(nl_layout *l, double height)
{
    for (int edge = 0; edge < 2; edge++) {
        int dropped = 0;
        for (size_t k = 0; k < l->nlines && dropped < MAX_EDGE_DROPS; k++) {
            pline *ln = &l->lines[edge ? l->nlines - 1 - k : k];
            if (ln->drop)
                continue;
            int at_edge = height <= 0 || (edge ? ln->y > (1 - EDGE) * height : ln->y < EDGE * height);
            if (!at_edge || !nl_layout_is_page_number(l->ltext.p + ln->off, ln->len))
                break;
            ln->drop = 1;
            dropped++;
        }
    }
}

/* ---- paragraphs ---- */

/* The median of the n values in l->tmp (sorted in place), or dflt when none. */
static double median(nl_layout *l, size_t n, double dflt)
{
    if (!n)
        return dflt;
    qsort(l->tmp, n, sizeof *l->tmp, cmp_double);
    return l->tmp[n / 2];
}

/* Margins and line pitch of the page's kept lines, into l; returns em, the
   median font size. A page of fewer than three lines keeps the ones of the
   page before; when there are none, its own are taken, but not as sure. */
static double page_metrics(nl_layout *l)
{
    size_t n = 0;
    if (nl_reserve((void **)&l->tmp, &l->tmp_cap, l->nlines ? l->nlines : 1, sizeof *l->tmp, 64) != 0) {
        l->oom = 1;
        return 1;
    }
    for (size_t i = 0; i < l->nlines; i++)
        if (!l->lines[i].drop)
            l->tmp[n++] = l->lines[i].size;
    double em = median(l, n, 1);
    if (n < 3 && l->have_margins)
        return em;
    size_t k = 0;
    for (size_t i = 0; i < l->nlines; i++)
        if (!l->lines[i].drop)
            l->tmp[k++] = l->lines[i].x0;
    qsort(l->tmp, k, sizeof *l->tmp, cmp_double);
    l->left = k ? l->tmp[0] : 0;
    for (size_t i = 0; i + 1 < k; i++)
        if (l->tmp[i + 1] - l->tmp[i] <= LEFT_SHARED * em) {
            l->left = l->tmp[i];
            break;
        }
    k = 0;
    for (size_t i = 0; i < l->nlines; i++)
        if (!l->lines[i].drop)
            l->tmp[k++] = l->lines[i].x1;
    qsort(l->tmp, k, sizeof *l->tmp, cmp_double);
    l->right = k ? l->tmp[k - 1] : 0;
    for (size_t i = k; i-- > 1;)
        if (l->tmp[i] - l->tmp[i - 1] <= RIGHT_SHARED * em) {
            l->right = l->tmp[i];
            break;
        }
    k = 0;
    double prev = 0;
    int first = 1;
    for (size_t i = 0; i < l->nlines; i++) {
        if (l->lines[i].drop)
            continue;
        if (!first && l->lines[i].y > prev)
            l->tmp[k++] = l->lines[i].y - prev;
        prev = l->lines[i].y;
        first = 0;
    }
    l->pitch = median(l, k, 1.5 * em);
    l->have_margins = n >= 3;
    return em;
}

/* Append the open paragraph to the document, with its page marks. */
static nl_status close_para(nl_layout *l)
{
    nl_status st = NL_OK;
    if (l->para.oom)
        st = NL_ERR_NOMEM;
    else if (l->para.n) {
        st = nl_doc_append_line(l->doc, l->para.p, l->para.n, l->part, ++l->ordinal);
        for (size_t i = 0; st == NL_OK && i < l->nmarks; i++)
            st = nl_doc_add_page_mark(l->doc, l->marks[i].off, l->marks[i].page, l->marks[i].line);
    }
    l->para.n = 0;
    l->nmarks = 0;
    l->last_full = 0;
    return st;
}

static int is_alnum(uint32_t cp) { return cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10); }

/* Printed line `no` of the page continues the open paragraph. */
static void extend_para(nl_layout *l, const pline *ln, uint32_t no)
{
    const char *t = l->ltext.p + ln->off;
    if (l->para.n && is_alnum(last_cp(l->para.p, l->para.n)) && is_alnum(first_cp(t, ln->len)))
        nl_buf_put(&l->para, " ", 1);
    if (nl_grow((void **)&l->marks, &l->marks_cap, l->nmarks, sizeof *l->marks, 16) != 0) {
        l->oom = 1;
        return;
    }
    l->marks[l->nmarks++] = (pmark){l->para.n, l->page, no};
    nl_buf_put(&l->para, t, ln->len);
}

/* Whether line `ln` starts a paragraph; `prev` is the line above it on the
   page, NULL for the first line (which may continue the last page's). */
static int starts_para(const nl_layout *l, const pline *ln, const pline *prev, double em)
{
    double last_size = prev ? prev->size : l->last_size;
    if (ln->x0 > l->left + INDENT * ln->size)
        return 1;
    if (maxd(last_size, ln->size) > SIZE_JUMP * (last_size < ln->size ? last_size : ln->size))
        return 1;
    if (!prev)
        return !l->para.n || !l->last_full;
    if (prev->x1 < l->right - FULL * prev->size)
        return 1;
    double dy = ln->y - prev->y;
    return dy > PITCH_GAP * l->pitch && dy > l->pitch + 0.5 * em;
}

nl_status nl_layout_end_page(nl_layout *l, double height)
{
    nl_status st = NL_OK;
    l->page++;
    l->nlines = 0;
    l->ltext.n = 0;
    group_lines(l);
    drop_furniture(l, height);
    double em = page_metrics(l);
    const pline *prev = NULL;
    uint32_t no = 0;
    for (size_t i = 0; st == NL_OK && !l->oom && i < l->nlines; i++) {
        const pline *ln = &l->lines[i];
        if (ln->drop || !ln->len)
            continue;
        if (starts_para(l, ln, prev, em))
            st = close_para(l);
        extend_para(l, ln, ++no);
        /* where lines end is known only from a few lines */
        l->last_full = l->have_margins && ln->x1 >= l->right - FULL * ln->size;
        l->last_size = ln->size;
        prev = ln;
    }
    if (st == NL_OK && !no)
        st = close_para(l); /* nothing but page numbers: a page without text */
    l->nsegs = 0;
    l->text.n = 0;
    if (st == NL_OK && (l->oom || l->text.oom || l->ltext.oom))
        st = NL_ERR_NOMEM;
    return st;
}

nl_status nl_layout_flush(nl_layout *l, uint32_t part)
{
    nl_status st = close_para(l);
    l->part = part;
    return st;
}
