/*
 * ofdpage.c — one OFD page's content (GB/T 33190 "Content.xml") read into
 * runs of text for the layout.
 *
 * What is read: the text objects (TextObject) of the page's layers
 * (Content/Layer, and page blocks nested in them at any depth, PageBlock).
 * Everything else on the page — paths, images, composite objects, clips,
 * colours, glyph tables — is skipped unread (nl_xml_skip), as are the
 * page's template reference and actions. Templates, annotations, seals and
 * attachments live in other parts and never come here.
 *
 * Where a glyph is drawn: a text object's coordinate space has its origin
 * at the top-left corner of its Boundary ("x y w h", millimetres, y
 * downwards) and is mapped by its CTM ("a b c d e f", identity by default):
 *   page x = Boundary.x + a·x + c·y + e,   page y = Boundary.y + b·x + d·y + f.
 * A TextCode's first glyph stands at (X, Y) — Y is the baseline — each
 * missing X or Y being the one of the text object's previous TextCode;
 * glyph i+1 stands DeltaX[i] right of and DeltaY[i] below glyph i. A delta
 * list is numbers separated by spaces, where "g N d" stands for N times d.
 * Where the list runs out, or there is none, a glyph advances by its
 * width: one em (the object's Size) for a wide (Chinese) character, half an
 * em for the others — the font's own widths are not read, so this is also
 * how far the last glyph of a run is taken to reach.
 *
 * Runs. A TextCode becomes one run, split where a glyph leaves the baseline
 * (by 0.3 em), steps back left, or jumps more than 3 em right (a TextCode
 * laid out over a table row or a whole page). White space at either end of
 * a run is trimmed, so a run's left edge is its first visible glyph (an
 * indent typed as full-width spaces still reads as an indent).
 *
 * Watermarks: a text object drawn rotated (its CTM turns it by more than
 * about three degrees) or less than half opaque (Alpha < 128) is not body
 * text and is left out.
 *
 * Numbers are read by a small parser of their own, not strtod(), whose
 * decimal point follows the locale of the program that links the library.
 */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "load/ofd.h"
#include "load/xml.h"

#define RUN_LEAVE 0.3 /* em off the baseline: another run */
#define RUN_BACK 0.25 /* em back left: another run */
#define RUN_JUMP 3.0  /* em of gap: another run */
#define SKEW 0.05     /* |b| or |c| over this part of the scale: rotated */
#define FAINT 128     /* Alpha below this: a watermark */
#define DEFAULT_SIZE 3.5 /* mm (10 pt), for a text object without a valid Size */
#define MAX_REPEAT 1e9   /* "g N d": N at most */

static double absd(double v) { return v < 0 ? -v : v; }
static int finite(double v) { return v == v && v > -1e15 && v < 1e15; }
static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A decimal number at s, white space before it skipped: where it ends, or
   NULL when there is none or it is out of range. */
static const char *number(const char *s, double *v)
{
    while (is_ws(*s))
        s++;
    const char *p = s;
    int neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    double r = 0, f = 1;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        r = r * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            r += (*p - '0') * (f /= 10);
    if (!digits)
        return NULL;
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        int eneg = *q == '-', e = 0;
        if (*q == '-' || *q == '+')
            q++;
        if (*q >= '0' && *q <= '9') {
            for (; *q >= '0' && *q <= '9'; q++)
                e = e < 1000 ? e * 10 + (*q - '0') : e;
            for (; e > 0; e--)
                r = eneg ? r / 10 : r * 10;
            p = q;
        }
    }
    *v = neg ? -r : r;
    return finite(*v) ? p : NULL;
}

/* n numbers separated by white space, the whole of s. */
static int numbers(const char *s, double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!s || !(s = number(s, &v[i])))
            return 0;
    while (is_ws(*s))
        s++;
    return *s == '\0';
}

int nl_ofd_box(const char *s, double box[4]) { return s && numbers(s, box, 4); }

/* A DeltaX or DeltaY list, read one value at a time. */
typedef struct deltas {
    const char *p; /* the rest of the list; NULL when exhausted or malformed */
    double rep;    /* the value of the current "g N d" group */
    double left;   /* how many more times it is given */
} deltas;

static int next_delta(deltas *d, double *v)
{
    if (d->left >= 1) {
        d->left--;
        *v = d->rep;
        return 1;
    }
    if (!d->p)
        return 0;
    const char *p = d->p;
    while (is_ws(*p))
        p++;
    if (*p == 'g') {
        double n = 0;
        p = number(p + 1, &n);
        p = p && n >= 1 ? number(p, &d->rep) : NULL;
        d->left = n > MAX_REPEAT ? MAX_REPEAT - 1 : (double)(long)n - 1;
        *v = d->rep;
    } else {
        p = number(p, v);
    }
    d->p = p;
    if (!p)
        d->left = 0;
    return p != NULL;
}

/* The text object being read. */
typedef struct tobj {
    double box[4]; /* Boundary */
    double ctm[6]; /* CTM */
    double size;   /* Size, in the object's units */
    double em;     /* Size on the page */
    double x, y;   /* the last TextCode's X and Y */
    int skip;      /* a watermark, or degenerate */
} tobj;

/* The run being cut out of a TextCode. */
typedef struct cut {
    int on;
    size_t from, to; /* bytes of the TextCode's text, first to last visible glyph */
    double x0, x1, y, last_x;
} cut;

typedef struct page_state {
    nl_layout *l;
    tobj o;
    int in_obj, in_code, in_content, in_box;
    double code_x, code_y; /* the TextCode's X and Y */
    nl_buf dx, dy, text;   /* its DeltaX, DeltaY and text */
    double box[4];         /* the page's PhysicalBox */
    int have_box;
    nl_status st;
} page_state;

static void to_page(const tobj *o, double x, double y, double *px, double *py)
{
    const double *m = o->ctm;
    *px = o->box[0] + m[0] * x + m[2] * y + m[4];
    *py = o->box[1] + m[1] * x + m[3] * y + m[5];
}

static void flush_run(page_state *s, cut *c)
{
    if (c->on && s->st == NL_OK) {
        nl_run r = {c->x0, c->x1, c->y, s->o.em};
        s->st = nl_layout_add(s->l, &r, s->text.p + c->from, c->to - c->from);
    }
    c->on = 0;
}

/* Glyph cp at (px, py), ending at x1 on the page, bytes [at, at + n) of the
   text: the run grows, or a new one starts. */
static void place_glyph(page_state *s, cut *c, uint32_t cp, size_t at, size_t n, double px, double py, double x1)
{
    double em = s->o.em;
    if (nl_cp_is_space(cp))
        return;
    if (c->on && (absd(py - c->y) > RUN_LEAVE * em || px < c->last_x - RUN_BACK * em || px > c->x1 + RUN_JUMP * em))
        flush_run(s, c);
    if (!c->on)
        *c = (cut){1, at, at, px, x1, py, px};
    c->to = at + n;
    c->x1 = x1 > c->x1 ? x1 : c->x1;
    c->last_x = px;
}

/* A TextCode ends: its glyphs placed, its runs handed to the layout. */
static void end_code(page_state *s)
{
    tobj *o = &s->o;
    deltas dx = {nl_buf_str(&s->dx), 0, 0}, dy = {nl_buf_str(&s->dy), 0, 0};
    double x = s->code_x, y = s->code_y, d;
    cut c = {0};
    for (size_t i = 0; i < s->text.n && !o->skip;) {
        uint32_t cp;
        size_t n = nl_utf8_decode(s->text.p + i, s->text.n - i, &cp);
        double adv = o->size * (nl_cp_width(cp) == 2 ? 1 : 0.5), px, py, ex, ey;
        to_page(o, x, y, &px, &py);
        to_page(o, x + adv, y, &ex, &ey);
        place_glyph(s, &c, cp, i, n ? n : 1, px, py, ex);
        x += next_delta(&dx, &d) ? d : adv;
        if (next_delta(&dy, &d))
            y += d;
        i += n ? n : 1;
    }
    flush_run(s, &c);
    if (s->dx.oom || s->dy.oom || s->text.oom)
        s->st = NL_ERR_NOMEM;
    s->dx.n = s->dy.n = s->text.n = 0;
}

/* Copy an attribute (absent: empty) into b. */
static void keep_attr(nl_xml *x, const char *name, nl_buf *b)
{
    const char *v = nl_xml_attr(x, NULL, name);
    b->n = 0;
    nl_buf_puts(b, v ? v : "");
}

static void start_code(page_state *s, nl_xml *x)
{
    double v;
    const char *a = nl_xml_attr(x, NULL, "X");
    if (a && numbers(a, &v, 1))
        s->o.x = v;
    a = nl_xml_attr(x, NULL, "Y");
    if (a && numbers(a, &v, 1))
        s->o.y = v;
    s->code_x = s->o.x;
    s->code_y = s->o.y;
    keep_attr(x, "DeltaX", &s->dx);
    keep_attr(x, "DeltaY", &s->dy);
    s->text.n = 0;
    s->in_code = 1;
}

static void start_object(page_state *s, nl_xml *x)
{
    tobj *o = &s->o;
    memset(o, 0, sizeof *o);
    nl_ofd_box(nl_xml_attr(x, NULL, "Boundary"), o->box);
    const char *ctm = nl_xml_attr(x, NULL, "CTM");
    if (!ctm || !numbers(ctm, o->ctm, 6)) {
        memset(o->ctm, 0, sizeof o->ctm);
        o->ctm[0] = o->ctm[3] = 1;
    }
    const char *size = nl_xml_attr(x, NULL, "Size");
    if (!size || !numbers(size, &o->size, 1) || o->size <= 0)
        o->size = DEFAULT_SIZE;
    double sx = absd(o->ctm[0]), sy = absd(o->ctm[3]), scale = sx > sy ? sx : sy, alpha;
    o->em = o->size * sy;
    const char *a = nl_xml_attr(x, NULL, "Alpha");
    o->skip = scale <= 0 || absd(o->ctm[1]) > SKEW * scale || absd(o->ctm[2]) > SKEW * scale || o->em <= 0 ||
              (a && numbers(a, &alpha, 1) && alpha < FAINT);
    s->in_obj = 1;
}

/* An element starts: entered, or skipped with its content. */
static nl_xml_event on_start(page_state *s, nl_xml *x)
{
    size_t n;
    const char *name = nl_xml_local(x, &n);
#define IS(w) (n == sizeof w - 1 && memcmp(name, w, n) == 0)
    if (s->in_code) /* markup inside a TextCode: not text */
        return nl_xml_skip(x, NULL, NULL);
    if (s->in_obj) {
        if (!IS("TextCode"))
            return nl_xml_skip(x, NULL, NULL);
        start_code(s, x);
    } else if (s->in_content) {
        if (IS("TextObject"))
            start_object(s, x);
        else if (!IS("Layer") && !IS("PageBlock"))
            return nl_xml_skip(x, NULL, NULL);
    } else if (IS("Content")) {
        s->in_content = 1;
    } else if (IS("PhysicalBox")) {
        s->in_box = 1;
        s->text.n = 0;
    } else if (nl_xml_depth(x) > 0 && !IS("Area")) {
        return nl_xml_skip(x, NULL, NULL); /* the template, actions, … */
    }
#undef IS
    return NL_XML_START;
}

static void on_end(page_state *s, nl_xml *x)
{
    const char *name = nl_xml_name(x);
    if (s->in_code && strcmp(name, "TextCode") == 0) {
        end_code(s);
        s->in_code = 0;
    } else if (s->in_obj && strcmp(name, "TextObject") == 0) {
        s->in_obj = 0;
    } else if (s->in_content && strcmp(name, "Content") == 0) {
        s->in_content = 0;
    } else if (s->in_box) {
        s->have_box = nl_ofd_box(nl_buf_str(&s->text), s->box);
        s->in_box = 0;
        s->text.n = 0;
    }
}

nl_status nl_ofd_read_page(nl_layout *l, const char *path, const char *part, const char *xml, size_t len, int depth,
                           double *height, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = nl_xml_open(&x, path, part, xml, len, 0, depth, err);
    if (st != NL_OK)
        return st;
    page_state s;
    memset(&s, 0, sizeof s);
    s.l = l;
    nl_xml_event ev;
    while (s.st == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF) {
        if (ev == NL_XML_START && (ev = on_start(&s, x)) == NL_XML_END)
            continue; /* skipped, its END consumed */
        if (ev == NL_XML_ERROR) {
            st = nl_xml_error(x, err);
            break;
        }
        if (ev == NL_XML_END)
            on_end(&s, x);
        else if (ev == NL_XML_TEXT && (s.in_code || s.in_box)) {
            size_t n;
            const char *t = nl_xml_chars(x, &n);
            nl_buf_put(&s.text, t, n);
        }
    }
    if (st == NL_OK && s.st != NL_OK)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    if (st == NL_OK && s.have_box && s.box[3] > 0)
        *height = s.box[3];
    nl_buf_free(&s.dx);
    nl_buf_free(&s.dy);
    nl_buf_free(&s.text);
    nl_xml_free(x);
    return st;
}
