/*
 * pdfwords.c — pdftotext's -bbox XHTML into pages of physical lines (pdf.h).
 *
 * pdftotext's own grouping of words into lines, blocks and flows is not used:
 * it takes a wide gap for a column gap, so the full-width space after 第一条 in
 * a justified line sends 第一条 and the rest of its line into different flows,
 * read in the wrong order. Normative documents are set in one column, so
 * reading order is geometric: the words of a page sorted by the middle of
 * their height, grouped into a line while they overlap the line's middle, and
 * each line read left to right. Between two words of a line a space is kept
 * where one was typed (gap_text): between Latin words always (pdftotext split
 * them at a gap), next to CJK text only for a gap wider than the one a word
 * processor leaves between CJK and digits ("2024 年"); a wide gap between two
 * CJK characters is written U+3000, as a Chinese document types it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "load/pdf.h"
#include "load/xml.h"

typedef struct word {
    double x0, y0, x1, y1;
    size_t off, len; /* its text in the reader's `words` buffer */
} word;

typedef struct reader {
    nl_pdf_pages *pg;
    word *w; /* the words of the page being read */
    size_t nw, wcap;
    nl_buf words;
    double *adv; /* advances of CJK characters, for their median */
    size_t nadv, adv_cap;
    int in_page, in_word, in_title;
} reader;

int nl_pdf_wide(uint32_t cp)
{
    /* ambiguous in width but set full-width in Chinese text: quotes, dashes,
       the ellipsis, ※, circled numbers, arrows, boxes and stars (□合格) */
    return nl_cp_width(cp) == 2 || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x2014 ||
           cp == 0x2026 || cp == 0x00B7 || cp == 0x203B || (cp >= 0x2190 && cp <= 0x21FF) ||
           (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x25A0 && cp <= 0x26FF);
}

/* Control characters, bytes that are not UTF-8 and the two non-characters
 * XML refuses (U+FFFE, U+FFFF) become spaces, in place. */
static void sanitise(char *s, size_t len)
{
    unsigned char *u = (unsigned char *)s;
    for (size_t i = 0; i < len; i++)
        if (u[i] < 0x20 && u[i] != '\n' && u[i] != '\r' && u[i] != '\t')
            u[i] = ' ';
    size_t at = 0, bad;
    while (at < len && !nl_utf8_valid(s + at, len - at, &bad)) {
        u[at + bad] = ' ';
        at += bad + 1;
    }
    for (size_t i = 0; i + 2 < len; i++)
        if (u[i] == 0xEF && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF))
            u[i] = u[i + 1] = u[i + 2] = ' ';
}

/* A coordinate as pdftotext writes it ("595.303937"), without strtod's
 * locale; 0 for anything else. */
static double number(const char *s)
{
    double v = 0, scale = 1;
    int neg = s && *s == '-';
    if (!s)
        return 0;
    s += neg;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            v += (*s - '0') * (scale /= 10);
    if (v > 1e7) /* no page is that large: keep the arithmetic finite and sane */
        v = 1e7;
    return neg ? -v : v;
}

static double attr_num(nl_xml *x, const char *name) { return number(nl_xml_attr(x, NULL, name)); }

/* Append s[0..n) to the NUL-terminated dst of `size` bytes, cut at a
 * character boundary where it does not fit, controls made spaces. */
static void put_cut(char *dst, size_t size, const char *s, size_t n)
{
    size_t have = strlen(dst);
    if (n > size - 1 - have)
        for (n = size - 1 - have; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; n--)
            ;
    for (size_t i = 0; i < n; i++)
        dst[have + i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    dst[have + n] = '\0';
}

/* <meta name="Author" content="…"/> and its kin from -htmlmeta. */
static void meta(reader *r, nl_xml *x)
{
    /* an attribute value lasts until the next is asked for: name first */
    const char *name = nl_xml_attr(x, NULL, "name");
    nl_pdf_pages *pg = r->pg;
    char *dst = !name                             ? NULL
                : strcmp(name, "Author") == 0       ? pg->author
                : strcmp(name, "CreationDate") == 0 ? pg->created
                : strcmp(name, "ModDate") == 0      ? pg->modified
                                                    : NULL;
    const char *content = dst ? nl_xml_attr(x, NULL, "content") : NULL;
    if (content) {
        dst[0] = '\0';
        put_cut(dst, dst == pg->author ? sizeof pg->author : sizeof pg->created, content, strlen(content));
    }
}

static int start_word(reader *r, nl_xml *x)
{
    if (nl_grow((void **)&r->w, &r->wcap, r->nw, sizeof *r->w, 256) != 0)
        return -1;
    word *w = &r->w[r->nw];
    w->x0 = attr_num(x, "xMin");
    w->y0 = attr_num(x, "yMin");
    w->x1 = attr_num(x, "xMax");
    w->y1 = attr_num(x, "yMax");
    if (w->x1 < w->x0)
        w->x1 = w->x0;
    if (w->y1 < w->y0)
        w->y1 = w->y0;
    w->off = r->words.n;
    w->len = 0;
    r->in_word = 1;
    return 0;
}

/* A word's text: line ends inside it (fuzzed input only), and the line and
 * paragraph separators U+2028/U+2029 (the model's mark of a typed line
 * break), become spaces; a word that is empty once trimmed is no word. */
static void end_word(reader *r)
{
    word *w = &r->w[r->nw];
    char *s = r->words.p ? r->words.p + w->off : NULL;
    size_t n = r->words.n - w->off, a = 0;
    r->in_word = 0;
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20)
            s[i] = ' ';
        else if (i + 2 < n && memcmp(s + i, "\xE2\x80", 2) == 0 && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9'))
            memset(s + i, ' ', 3);
    }
    nl_utf8_trim(s, &a, &n);
    if (n > a) {
        w->off += a;
        w->len = n - a;
        r->nw++;
    }
}

static double mid(const word *w) { return (w->y0 + w->y1) / 2; }
static double height(const word *w) { return w->y1 - w->y0 > 1 ? w->y1 - w->y0 : 1; }

static int by_middle(const void *a, const void *b)
{
    double d = mid(a) - mid(b);
    if (d == 0)
        d = ((const word *)a)->x0 - ((const word *)b)->x0;
    return d < 0 ? -1 : d > 0;
}

static int by_left(const void *a, const void *b)
{
    double d = ((const word *)a)->x0 - ((const word *)b)->x0;
    return d < 0 ? -1 : d > 0;
}

/* First and last code point of a word's text. */
static void ends(const reader *r, const word *w, uint32_t *first, uint32_t *last)
{
    const char *s = r->words.p + w->off;
    size_t k = w->len;
    nl_utf8_decode(s, k, first);
    while (k > 1 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    nl_utf8_decode(s + k - 1, w->len - (k - 1), last);
}

/* Note the advance of a word set in CJK alone (pdftotext makes one word of
 * a run of CJK characters, so its width over its length is the advance). */
static int note_advance(reader *r, const word *w)
{
    const char *s = r->words.p + w->off;
    size_t n = 0;
    for (size_t i = 0; i < w->len; n++) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, w->len - i, &cp);
        if (!nl_pdf_wide(cp))
            return 0;
        i += k ? k : 1;
    }
    if (nl_grow((void **)&r->adv, &r->adv_cap, r->nadv, sizeof *r->adv, 256) != 0)
        return -1;
    r->adv[r->nadv++] = (w->x1 - w->x0) / (double)n;
    return 0;
}

static int ideograph(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The width of the run a word opens with when it opens with a Latin letter
 * or a digit: up to its first ideograph ("A、B、C、D", "2024"), which a
 * line breaks only at its ends; 0 when it opens with CJK. Wide characters
 * count as two narrow ones, which is near enough to tell whether the run
 * would have fit at the end of the line before. */
static double lead_width(const reader *r, const word *w)
{
    const char *s = r->words.p + w->off;
    size_t units = 0, lead = 0;
    int leading = 1;
    for (size_t i = 0; i < w->len;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, w->len - i, &cp);
        int wide = nl_pdf_wide(cp);
        if (i == 0 && wide)
            return 0;
        leading = leading && !ideograph(cp);
        lead += leading ? (wide ? 2 : 1) : 0;
        units += wide ? 2 : 1;
        i += k ? k : 1;
    }
    return units ? (w->x1 - w->x0) * (double)lead / (double)units : 0;
}

/* What goes between two words of a line: nothing, a space or U+3000.
 * Between two CJK characters glyphs are set solid, so a gap of 0.15 of the
 * line's height is a space someone typed: an ASCII one (about a third of a
 * character), or U+3000 from half a character up. Next to Latin text a word
 * processor puts a gap of its own (about 0.15 of the height), so there it
 * takes 0.4 to be a space. */
static const char *gap_text(const reader *r, const word *a, const word *b, double h)
{
    uint32_t af, al, bf, bl;
    double gap = b->x0 - a->x1;
    ends(r, a, &af, &al);
    ends(r, b, &bf, &bl);
    int wa = nl_pdf_wide(al), wb = nl_pdf_wide(bf);
    if (!wa && !wb)
        return gap > 0.1 * h ? " " : "";
    if (wa && wb)
        return gap < 0.15 * h ? "" : gap < 0.38 * h ? " " : "\xE3\x80\x80";
    return gap < 0.4 * h ? "" : " ";
}

/* The words w[0..n) of one line (sorted by x0) as a line of the page. */
static int add_line(reader *r, word *w, size_t n, uint32_t no)
{
    nl_pdf_pages *pg = r->pg;
    if (nl_grow((void **)&pg->line, &pg->lines_cap, pg->nlines, sizeof *pg->line, 256) != 0)
        return -1;
    nl_pdf_line *l = &pg->line[pg->nlines];
    memset(l, 0, sizeof *l);
    l->x0 = w[0].x0;
    l->y0 = w[0].y0;
    l->y1 = w[0].y1;
    l->off = pg->text.n;
    l->page = (uint32_t)pg->npages;
    l->no = no;
    l->lead = lead_width(r, &w[0]);
    for (size_t i = 0; i < n; i++) {
        /* a word drawn twice on itself (fake bold) is read once */
        if (i > 0 && w[i].len == w[i - 1].len && w[i].x0 - w[i - 1].x0 < 1 && w[i].x0 >= w[i - 1].x0 &&
            memcmp(r->words.p + w[i].off, r->words.p + w[i - 1].off, w[i].len) == 0)
            continue;
        if (i > 0)
            nl_buf_puts(&pg->text, gap_text(r, &w[i - 1], &w[i], l->h > height(&w[i]) ? l->h : height(&w[i])));
        nl_buf_put(&pg->text, r->words.p + w[i].off, w[i].len);
        l->x1 = w[i].x1 > l->x1 ? w[i].x1 : l->x1;
        l->y0 = w[i].y0 < l->y0 ? w[i].y0 : l->y0;
        l->y1 = w[i].y1 > l->y1 ? w[i].y1 : l->y1;
        l->h = height(&w[i]) > l->h ? height(&w[i]) : l->h;
        if (note_advance(r, &w[i]) != 0)
            return -1;
    }
    l->len = pg->text.n - l->off;
    pg->nlines++;
    return pg->text.oom ? -1 : 0;
}

/* The words of the page just read as its lines, top to bottom. A word joins
 * the line while its middle lies within half a height of the line's. */
static int flush_page(reader *r)
{
    nl_pdf_page *p = &r->pg->page[r->pg->npages - 1];
    uint32_t no = 0;
    size_t s = 0;
    p->first = r->pg->nlines;
    if (r->nw > 0)
        qsort(r->w, r->nw, sizeof *r->w, by_middle);
    while (s < r->nw) {
        double sum = mid(&r->w[s]), h = height(&r->w[s]);
        size_t e = s + 1;
        for (; e < r->nw; e++) {
            double lm = sum / (double)(e - s), wh = height(&r->w[e]);
            if (mid(&r->w[e]) - lm > 0.5 * (wh < h ? wh : h))
                break;
            sum += mid(&r->w[e]);
            h = wh > h ? wh : h;
        }
        qsort(r->w + s, e - s, sizeof *r->w, by_left);
        if (add_line(r, r->w + s, e - s, ++no) != 0)
            return -1;
        s = e;
    }
    p->n = r->pg->nlines - p->first;
    r->nw = 0;
    r->words.n = 0;
    r->in_page = 0;
    return 0;
}

static int start_page(reader *r, nl_xml *x, size_t max_pages, const char *path, nl_error *err, nl_status *st)
{
    nl_pdf_pages *pg = r->pg;
    if (r->in_page && flush_page(r) != 0)
        return -1;
    if (pg->npages >= max_pages) {
        *st = nl_error_set(err, NL_ERR_TOO_LARGE, path, "has more pages than the limit of %zu (--limit pdf-pages)",
                           max_pages);
        return -1;
    }
    if (nl_grow((void **)&pg->page, &pg->pages_cap, pg->npages, sizeof *pg->page, 16) != 0)
        return -1;
    nl_pdf_page *p = &pg->page[pg->npages++];
    memset(p, 0, sizeof *p);
    p->width = attr_num(x, "width");
    p->height = attr_num(x, "height");
    r->in_page = 1;
    return 0;
}

/* One START or END event. 0 to go on, -1 to stop (*st says why: NOMEM unless set). */
static int element(reader *r, nl_xml *x, nl_xml_event ev, size_t max_pages, const char *path, nl_error *err,
                   nl_status *st)
{
    const char *name = nl_xml_name(x);
    if (ev == NL_XML_END) {
        if (strcmp(name, "word") == 0 && r->in_word)
            end_word(r);
        else if (strcmp(name, "page") == 0 && r->in_page)
            return flush_page(r);
        else if (strcmp(name, "title") == 0)
            r->in_title = 0;
        return 0;
    }
    if (r->in_word) /* nothing nests in a word: its text is what it says */
        return 0;
    if (strcmp(name, "page") == 0)
        return start_page(r, x, max_pages, path, err, st);
    if (strcmp(name, "word") == 0 && r->in_page)
        return start_word(r, x);
    if (strcmp(name, "title") == 0 && !r->in_page)
        r->in_title = 1;
    else if (strcmp(name, "meta") == 0)
        meta(r, x);
    return 0;
}

static void text(reader *r, nl_xml *x)
{
    size_t n;
    const char *s = nl_xml_text(x, &n);
    if (r->in_word) {
        nl_buf_put(&r->words, s, n);
    } else if (r->in_title) {
        put_cut(r->pg->title, sizeof r->pg->title, s, n);
    }
}

/* Where the XML starts: after pdftotext's DOCTYPE, which only names the
 * XHTML DTD (nothing is read from it), so the fast scanner can read the rest. */
static size_t after_doctype(const char *s, size_t len)
{
    static const char dt[] = "<!DOCTYPE";
    if (len < sizeof dt - 1 || memcmp(s, dt, sizeof dt - 1) != 0)
        return 0;
    const char *gt = memchr(s, '>', len);
    return gt ? (size_t)(gt - s) + 1 : 0;
}

static double median(double *v, size_t n);

nl_status nl_pdf_read_pages(nl_pdf_pages *pages, const char *path, char *xhtml, size_t len, size_t max_pages,
                            const nl_load_opts *opts, nl_error *err)
{
    reader r;
    nl_xml *x = NULL;
    nl_status st = NL_OK;
    nl_xml_event ev;

    memset(&r, 0, sizeof r);
    r.pg = pages;
    sanitise(xhtml, len);
    size_t at = after_doctype(xhtml, len);
    if ((st = nl_xml_open(&x, path, "pdftotext's output", xhtml + at, len - at, NL_XML_XML,
                          opts ? opts->xml_depth : 0, err)) != NL_OK)
        return st;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        int stop = 0;
        if (ev == NL_XML_START || ev == NL_XML_END)
            stop = element(&r, x, ev, max_pages, path, err, &st);
        else if (ev == NL_XML_TEXT)
            text(&r, x);
        if (stop || r.words.oom) {
            if (st == NL_OK)
                st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
            break;
        }
    }
    if (ev == NL_XML_ERROR)
        st = nl_xml_error(x, err);
    else if (st == NL_OK && r.in_page && flush_page(&r) != 0)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    if (st == NL_OK)
        pages->cjk_advance = median(r.adv, r.nadv);
    nl_xml_free(x);
    free(r.w);
    free(r.adv);
    nl_buf_free(&r.words);
    return st;
}

static int by_value(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

static double median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, by_value);
    return v[n / 2];
}

void nl_pdf_pages_free(nl_pdf_pages *pages)
{
    if (!pages)
        return;
    free(pages->page);
    free(pages->line);
    nl_buf_free(&pages->text);
    memset(pages, 0, sizeof *pages);
}
