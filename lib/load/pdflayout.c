/*
 * pdflayout.c — the physical lines of a PDF's pages into paragraphs (pdf.h).
 *
 * Page furniture goes first. Only the two lines nearest the top and the two
 * nearest the bottom of a page, and only within the outer fifth of its
 * height, can be furniture: a page number ("— 3 —", "-3-", "第3页", "第3页
 * 共5页", "3/5", a bare number), or a running header or footer, which is text
 * that stands at the same height on at least half the pages (digits count as
 * one: "第3页" repeats "第2页") of a document of two pages or more.
 *
 * A paragraph then runs on while its line reaches the right margin, unless
 * the next line is set apart: a paragraph of a Chinese official document
 * indents its first line by two characters and a heading is centred, so a
 * line that starts right of the left margin starts a paragraph; so does one
 * that opens with a label (第五条　, （一）, 一、, 1.) — the only sign left in
 * a draft typed without indents — one in another size (a title, a note),
 * and one after a wider gap than the document's line pitch. The margins are
 * read off the lines themselves: the left one is the smallest left edge that
 * two lines share (a first line is indented, the lines after it are not),
 * the right one the right edge most lines end at (a left-aligned CJK line
 * ends within a character of it; hanging punctuation overshoots it). A
 * page's own right margin is used where its lines show one, its own left
 * margin only where the whole text block moved (mirrored margins). The last
 * line of a page continues on the next page by the same rules, without the
 * gap test. Lines are joined without a space, except between two Latin
 * words. A title set larger than the body and centred on two lines is one
 * paragraph when its first line is full.
 */
#include <math.h> /* NAN and INFINITY only: nothing from libm */
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/grow.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "load/pdf.h"

/* The shape of a line for matching page furniture: spaces out, dashes as
 * one '-', a run of digits as '#', ASCII letters in lower case. */
static size_t shape(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < cap;) {
        uint32_t cp;
        size_t l = nl_utf8_decode(s + i, n - i, &cp);
        l = l ? l : 1;
        if (nl_cp_is_space(cp)) {
            /* nothing */
        } else if (cp >= '0' && cp <= '9') {
            if (k == 0 || out[k - 1] != '#')
                out[k++] = '#';
        } else if (cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0x2012 || cp == 0xFF0D || cp == 0x2500 ||
                   cp == 0x2015 || cp == '_' || cp == '~' || cp == 0xFF5E) {
            if (k == 0 || out[k - 1] != '-')
                out[k++] = '-';
        } else {
            memcpy(out + k, s + i, l);
            if (l == 1 && out[k] >= 'A' && out[k] <= 'Z')
                out[k] = (char)(out[k] - 'A' + 'a');
            k += l;
        }
        i += l;
    }
    out[k] = '\0';
    return k;
}

static int page_number(const char *shp)
{
    static const char *const forms[] = {
        "#", "-#-", "-#", "#-", "第#页", "#页", "第#页共#页", "共#页第#页", "第#页,共#页", "第#页，共#页",
        "第#页/共#页", "#/#", "-#/#-", "page#", "page#of#",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strcmp(shp, forms[i]) == 0)
            return 1;
    return 0;
}

typedef struct cand {
    uint64_t key;
    size_t line;
    uint32_t page;
} cand;

static int by_key(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->page < y->page ? -1 : x->page > y->page;
}

/* Candidate i of page p: drop it when it is a page number, else note its
 * key (shape, band, height on the page) for the repetition count. */
static int candidate(nl_pdf_pages *pg, size_t i, int top, cand **c, size_t *nc, size_t *cap)
{
    nl_pdf_line *l = &pg->line[i];
    char shp[512];
    shape(pg->text.p + l->off, l->len, shp, sizeof shp);
    if (page_number(shp)) {
        l->drop = 1;
        return 0;
    }
    if (nl_grow((void **)c, cap, *nc, sizeof **c, 64) != 0)
        return -1;
    uint64_t h = nl_hash64(NL_HASH64_INIT, shp, strlen(shp));
    long band = (long)(l->y0 / 3.0) * 2 + top; /* truncated: near enough for a fixed header */
    (*c)[(*nc)++] = (cand){nl_hash64(h, &band, sizeof band), i, l->page};
    return 0;
}

/* Drop the lines whose key stands on at least half the pages (and two). */
static void drop_repeated(nl_pdf_pages *pg, cand *c, size_t nc)
{
    size_t need = pg->npages / 2 + pg->npages % 2;
    if (need < 2)
        need = 2;
    if (nc == 0)
        return;
    qsort(c, nc, sizeof *c, by_key);
    for (size_t s = 0; s < nc;) {
        size_t e = s, pages = 0;
        for (; e < nc && c[e].key == c[s].key; e++)
            pages += e == s || c[e].page != c[e - 1].page;
        for (size_t k = s; pages >= need && k < e; k++)
            pg->line[c[k].line].drop = 1;
        s = e;
    }
}

static int mark_furniture(nl_pdf_pages *pg)
{
    cand *c = NULL;
    size_t nc = 0, cap = 0;
    int rc = 0;
    for (size_t p = 0; p < pg->npages && rc == 0; p++) {
        const nl_pdf_page *pp = &pg->page[p];
        double band = pp->height > 0 ? pp->height / 5 : 0;
        for (size_t k = 0; k < pp->n && rc == 0; k++) {
            size_t i = pp->first + k;
            int top = k < 2 && pg->line[i].y1 <= band, bottom = k + 2 >= pp->n && pg->line[i].y0 >= pp->height - band;
            if (top || bottom)
                rc = candidate(pg, i, top, &c, &nc, &cap);
        }
    }
    if (rc == 0 && pg->npages >= 2)
        drop_repeated(pg, c, nc);
    free(c);
    return rc;
}

/* ---- margins and measures ---- */

static double dabs(double v) { return v < 0 ? -v : v; }

typedef struct measures {
    double cw;       /* the width of a character: CJK advance, else half the line height */
    double body_h;   /* the usual height of a line (the body text's size) */
    double pitch;    /* the usual distance from one line to the next, 0 when unknown */
    double *left, *right; /* per page */
} measures;

static int by_double(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

/* The smallest of v[0..n) (sorted) that another is within 1 pt of; NAN when none. */
static double shared_low(const double *v, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (v[i + 1] - v[i] < 1)
            return v[i];
    return NAN;
}

/* The value most of v[0..n) (sorted) lie within 1 pt of, the larger on a
 * tie, and how many do (*count; 0 with NAN when v is empty). */
static double most_common(const double *v, size_t n, size_t *count)
{
    double best = NAN;
    *count = 0;
    for (size_t i = 0, j = 0; i < n; i++) {
        while (v[i] - v[j] >= 1)
            j++;
        if (i - j + 1 >= *count) {
            *count = i - j + 1;
            best = v[i];
        }
    }
    return best;
}

/* Margins of the kept lines lines[a..b) of pages `width` points wide, into
 * *l and *r, each left as it was where the lines cannot tell. The right
 * margin is where most long lines end (three at least: a document whose
 * paragraphs never wrap has none, and then the caller's guess stands).
 * Needs scratch room for b - a. */
static void margins_of(const nl_pdf_pages *pg, size_t a, size_t b, double *scratch, double *l, double *r)
{
    size_t n = 0, count;
    double far = -INFINITY;
    for (size_t i = a; i < b; i++)
        if (!pg->line[i].drop) {
            scratch[n++] = pg->line[i].x0;
            far = pg->line[i].x1 > far ? pg->line[i].x1 : far;
        }
    if (n < 4) /* too few lines to tell a margin from an indent */
        return;
    qsort(scratch, n, sizeof *scratch, by_double);
    double v = shared_low(scratch, n);
    if (v == v /* not NAN */)
        *l = v;
    n = 0;
    for (size_t i = a; i < b; i++)
        if (!pg->line[i].drop && pg->line[i].x1 >= *l + 0.75 * (far - *l))
            scratch[n++] = pg->line[i].x1;
    qsort(scratch, n, sizeof *scratch, by_double);
    v = most_common(scratch, n, &count);
    if (count >= 3)
        *r = v;
}

/* The usual pitch: the median distance between consecutive kept lines of
 * one page and one size. */
static double usual_pitch(const nl_pdf_pages *pg, double *scratch)
{
    size_t n = 0;
    for (size_t i = 1; i < pg->nlines; i++) {
        const nl_pdf_line *a = &pg->line[i - 1], *b = &pg->line[i];
        if (!a->drop && !b->drop && a->page == b->page && dabs(a->h - b->h) < 0.1 * b->h && b->y0 > a->y0)
            scratch[n++] = b->y0 - a->y0;
    }
    if (n < 3)
        return 0;
    qsort(scratch, n, sizeof *scratch, by_double);
    return scratch[n / 2];
}

/* The document's margins: the left one from its lines, else the leftmost
 * edge; the right one from its lines, else as far from the right edge of
 * the page as the left one is from the left (else the rightmost edge). */
static void document_margins(const nl_pdf_pages *pg, double *scratch, double *l, double *r)
{
    double width = 0, found = NAN;
    *l = INFINITY;
    *r = -INFINITY;
    for (size_t i = 0; i < pg->nlines; i++)
        if (!pg->line[i].drop) {
            *l = pg->line[i].x0 < *l ? pg->line[i].x0 : *l;
            *r = pg->line[i].x1 > *r ? pg->line[i].x1 : *r;
        }
    margins_of(pg, 0, pg->nlines, scratch, l, &found);
    for (size_t p = 0; p < pg->npages; p++)
        width = pg->page[p].width > width ? pg->page[p].width : width;
    if (found == found)
        *r = found;
    else if (width - *l > *l)
        *r = width - *l;
}

/* A page's own margins. The right one where its lines show one; the left
 * one only where the whole text block moved (a mirrored layout: both edges
 * shifted by the same amount, no line at the document's left margin). A
 * page of one-line paragraphs, all indented, shares only its indent: taken
 * for its margin it would hide every indent, so it keeps the document's. */
static void page_margins(const nl_pdf_pages *pg, const nl_pdf_page *pp, double *scratch, double cw, double l,
                         double r, double *pl, double *pr)
{
    double own_l = l, own_r = NAN;
    *pl = l;
    *pr = r;
    margins_of(pg, pp->first, pp->first + pp->n, scratch, &own_l, &own_r);
    if (own_r != own_r) /* NAN: no right margin of its own */
        return;
    *pr = own_r;
    for (size_t i = pp->first; i < pp->first + pp->n; i++)
        if (!pg->line[i].drop && dabs(pg->line[i].x0 - l) < 1)
            return;
    if (dabs((own_l - l) - (own_r - r)) < cw)
        *pl = own_l;
}

static int measure(measures *m, const nl_pdf_pages *pg)
{
    double *scratch = malloc((pg->nlines + 1) * sizeof *scratch);
    m->left = malloc((pg->npages + 1) * sizeof *m->left);
    m->right = malloc((pg->npages + 1) * sizeof *m->right);
    if (!scratch || !m->left || !m->right) {
        free(scratch);
        return -1;
    }
    double l, r;
    size_t kept = 0;
    for (size_t i = 0; i < pg->nlines; i++)
        if (!pg->line[i].drop)
            scratch[kept++] = pg->line[i].h;
    qsort(scratch, kept, sizeof *scratch, by_double);
    m->body_h = kept ? scratch[kept / 2] : 1;
    m->cw = pg->cjk_advance > 0 ? pg->cjk_advance : m->body_h / 2;
    document_margins(pg, scratch, &l, &r);
    for (size_t p = 0; p < pg->npages; p++)
        page_margins(pg, &pg->page[p], scratch, m->cw, l, r, &m->left[p], &m->right[p]);
    m->pitch = usual_pitch(pg, scratch);
    free(scratch);
    return 0;
}

/* ---- paragraphs ---- */

static int numeral(uint32_t cp)
{
    static const char digits[] = "一二三四五六七八九十百千零〇两";
    char buf[4];
    size_t n = nl_utf8_encode(cp, buf);
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
           (n == 3 && nl_find(digits, sizeof digits - 1, buf, 3) < sizeof digits - 1);
}

/* 1 if the line opens with a label that starts a paragraph: 第五条 (or 章,
 * 节, 编) followed by a space, （一） or (一), 一、, 1. or 1、 not followed by a
 * digit, 附件. */
static int opens_label(const char *s, size_t n)
{
    uint32_t cp[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 8;) {
        size_t l = nl_utf8_decode(s + i, n - i, &cp[k++]);
        i += l ? l : 1;
    }
    size_t j = 1;
    if (k >= 3 && cp[0] == 0x7B2C /* 第 */) {
        while (j < k && numeral(cp[j]))
            j++;
        static const uint32_t units[] = {0x6761 /* 条 */, 0x7AE0 /* 章 */, 0x8282 /* 节 */, 0x7F16 /* 编 */};
        int unit = 0;
        for (size_t u = 0; j < k && u < sizeof units / sizeof units[0]; u++)
            unit |= cp[j] == units[u];
        return j > 1 && unit && (j + 1 == k || nl_cp_is_space(cp[j + 1]));
    }
    if (k >= 3 && (cp[0] == 0xFF08 /* （ */ || cp[0] == '(')) {
        while (j < k && numeral(cp[j]))
            j++;
        return j > 1 && j < k && (cp[j] == 0xFF09 /* ） */ || cp[j] == ')');
    }
    if (k >= 2 && cp[0] == 0x9644 && cp[1] == 0x4EF6) /* 附件 */
        return 1;
    j = 0;
    while (j < k && numeral(cp[j]))
        j++;
    if (j == 0 || j >= k)
        return 0;
    if (cp[j] == 0x3001 /* 、 */)
        return 1;
    return cp[0] <= '9' && (cp[j] == '.' || cp[j] == 0xFF0E) && (j + 1 >= k || !numeral(cp[j + 1]));
}

static int same_size(double a, double b) { return dabs(a - b) <= 0.2 * (a > b ? a : b); }

/* 1 if the line opens with a character no paragraph opens with: closing
 * punctuation that the line break pushed down. */
static int opens_closing(const char *s, size_t n)
{
    static const char closing[] = "，。、；：？！）》」』”’";
    uint32_t cp;
    char buf[4];
    if (n == 0 || nl_utf8_decode(s, n, &cp) == 0)
        return 0;
    size_t k = nl_utf8_encode(cp, buf);
    return k == 3 && nl_find(closing, sizeof closing - 1, buf, 3) < sizeof closing - 1;
}

/* Whether line a ran as far as it could: to the right margin (within a
 * character and a half: a CJK line breaks a character short of it when
 * the next one may not open a line), or so near it that the first Latin
 * word of b (which breaks only at its ends) would not have fit. */
static int ran_full(const measures *m, const nl_pdf_line *a, const nl_pdf_line *b)
{
    double right = m->right[a->page - 1];
    return a->x1 >= right - 1.5 * m->cw || (b->lead > 0 && a->x1 + b->lead > right - 0.25 * m->cw);
}

/* Whether line b continues the paragraph whose last line is a. */
static int continues(const nl_pdf_pages *pg, const measures *m, const nl_pdf_line *a, const nl_pdf_line *b)
{
    const char *text = pg->text.p + b->off;
    if (!same_size(a->h, b->h))
        return 0; /* another size: a title, a heading, a note */
    if (a->page == b->page && m->pitch > 0 && b->y0 - a->y0 > 1.4 * m->pitch)
        return 0; /* paragraph spacing */
    if (opens_closing(text, b->len))
        return 1;
    /* a title larger than the body, centred on two lines: a full first line goes on */
    if (a->h > 1.15 * m->body_h && a->x0 - m->left[a->page - 1] < 1.5 * m->cw && ran_full(m, a, b))
        return 1;
    if (b->x0 - m->left[b->page - 1] >= 1.2 * m->cw)
        return 0; /* indented or centred */
    if (opens_label(text, b->len))
        return 0;
    return ran_full(m, a, b);
}

/* Append a line to the paragraph being built: no space between lines,
 * except between two Latin words (what is neither CJK, nor a hyphen, nor
 * a digit followed by a digit). */
static void join(nl_buf *par, const char *s, size_t n)
{
    if (par->n > 0 && n > 0) {
        uint32_t last, first;
        size_t k = par->n;
        while (k > 1 && ((unsigned char)par->p[k - 1] & 0xC0) == 0x80)
            k--;
        nl_utf8_decode(par->p + k - 1, par->n - (k - 1), &last);
        nl_utf8_decode(s, n, &first);
        /* a number broken at the end of a line is one number */
        int digits = last >= '0' && last <= '9' && first >= '0' && first <= '9';
        if (!nl_pdf_wide(last) && !nl_pdf_wide(first) && last != '-' && !digits)
            nl_buf_put(par, " ", 1);
    }
    nl_buf_put(par, s, n);
}

/* A paragraph being built: its text, and where each of its physical lines
 * starts in it, with the page and the line on the page. */
typedef struct para {
    nl_buf text;
    struct mark {
        size_t at;
        uint32_t page, no;
    } *mark;
    size_t nmark, mark_cap;
} para;

static int add(para *p, const nl_pdf_pages *pg, const nl_pdf_line *l)
{
    if (nl_grow((void **)&p->mark, &p->mark_cap, p->nmark, sizeof *p->mark, 8) != 0)
        return -1;
    join(&p->text, pg->text.p + l->off, l->len);
    p->mark[p->nmark++] = (struct mark){p->text.n - l->len, l->page, l->no};
    return p->text.oom ? -1 : 0;
}

static nl_status flush(nl_doc *doc, para *p, uint32_t ordinal)
{
    nl_status st = nl_doc_append_line(doc, p->text.p ? p->text.p : "", p->text.n, 0, ordinal);
    for (size_t k = 0; k < p->nmark && st == NL_OK; k++)
        st = nl_doc_add_page_mark(doc, p->mark[k].at, p->mark[k].page, p->mark[k].no);
    p->text.n = 0;
    p->nmark = 0;
    return st;
}

/* The kept lines as paragraphs, one model line each. */
static nl_status paragraphs(nl_doc *doc, const nl_pdf_pages *pg, const measures *m, size_t *count)
{
    para p = {0};
    const nl_pdf_line *prev = NULL;
    uint32_t ordinal = 0;
    nl_status st = NL_OK;
    for (size_t i = 0; i < pg->nlines && st == NL_OK; i++) {
        const nl_pdf_line *l = &pg->line[i];
        if (l->drop || l->len == 0)
            continue;
        if (prev && !continues(pg, m, prev, l))
            st = flush(doc, &p, ++ordinal);
        if (st == NL_OK && add(&p, pg, l) != 0)
            st = NL_ERR_NOMEM;
        prev = l;
    }
    if (st == NL_OK && p.nmark)
        st = flush(doc, &p, ++ordinal);
    nl_buf_free(&p.text);
    free(p.mark);
    *count = ordinal;
    return st;
}

static nl_status properties(nl_doc *doc, const nl_pdf_pages *pg)
{
    const struct {
        nl_prop p;
        const char *v;
    } props[] = {{NL_PROP_TITLE, pg->title},
                 {NL_PROP_CREATOR, pg->author},
                 {NL_PROP_CREATED, pg->created},
                 {NL_PROP_MODIFIED, pg->modified}};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
        if (nl_doc_set_property(doc, props[i].p, props[i].v, strlen(props[i].v)) != NL_OK)
            return NL_ERR_NOMEM;
    return NL_OK;
}

nl_status nl_pdf_layout(nl_doc **out, const char *path, nl_pdf_pages *pg, nl_error *err)
{
    measures m = {0};
    nl_doc *doc = NULL;
    size_t count = 0;
    nl_status st;

    *out = NULL;
    if (mark_furniture(pg) != 0 || measure(&m, pg) != 0) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    if ((st = nl_doc_new(&doc, path, "pdf", err)) != NL_OK)
        goto done;
    nl_doc_set_encoding(doc, "UTF-8");
    nl_doc_set_eol(doc, "none");
    if ((st = properties(doc, pg)) != NL_OK || (st = paragraphs(doc, pg, &m, &count)) != NL_OK) {
        st = nl_error_set(err, st, path, "out of memory");
        goto done;
    }
    if (count == 0) {
        st = nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                          "no text layer: needs OCR (a scanned or image-only PDF of %zu page%s; run it through OCR "
                          "first, e.g. ocrmypdf, and check the result)",
                          pg->npages, pg->npages == 1 ? "" : "s");
        goto done;
    }
    *out = doc;
    doc = NULL;

done:
    nl_doc_free(doc);
    free(m.left);
    free(m.right);
    return st;
}

nl_status nl_pdf_build(nl_doc **out, const char *path, char *xhtml, size_t len, const nl_load_opts *opts,
                       nl_error *err)
{
    nl_pdf_pages pages;
    memset(&pages, 0, sizeof pages);
    size_t max_pages = opts && opts->pdf_pages ? opts->pdf_pages : NL_PDF_PAGES;
    nl_status st = nl_pdf_read_pages(&pages, path, xhtml, len, max_pages, opts, err);
    if (st == NL_OK)
        st = nl_pdf_layout(out, path, &pages, err);
    else
        *out = NULL;
    nl_pdf_pages_free(&pages);
    return st;
}
