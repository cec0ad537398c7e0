/*
 * structure.c — the structure recogniser.
 *
 * Works line by line over the model (one paragraph per line) and builds the
 * node tree that doc.h describes (nl_node_kind): header (版头 notes, 文号, 标题, 主送机关), body in
 * either drafting style — 条文式 (章/节/条/款/项/目, 附则) or 段落式 (一、（一）
 * 1.（1）) — then 落款 (issuer lines + 成文日期), notes and 附件. A wrapper
 * notice (关于印发《××办法》的通知, or a 令 promulgating a 规章) is split at its
 * signature and the text it issues becomes an NL_NODE_ENCLOSED part that is
 * recognised like a document of its own.
 *
 * The recogniser never rejects content: numbering with gaps, duplicates or
 * Arabic digits is parsed and flagged on the node (NL_NODEF_*), so that rules
 * can judge what the drafter wrote. It is linear in the number of lines except
 * for the bounded look-arounds of the header and signature.
 *
 * Out of memory: node allocation failures are remembered in the context and
 * reported once at the end; until then a scratch node stands in, unattached
 * to the tree, so the parsing code needs no error checks at each step.
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "doc/doc_int.h"

typedef struct lentry lentry;

typedef struct ctx {
    nl_doc *doc;
    const char *t;
    int oom;
    nl_node scratch;
    /* A memo, not state: the functions that read the document take a
       const ctx, and match_label fills this memo behind these pointers (as
       C++ would with `mutable`); what they answer does not depend on it. */
    lentry *labels; /* match_label's answers by line (NULL: not cached) */
    size_t *last;   /* the line match_label looked at last */
} ctx;

/* ---- small text helpers over byte ranges of the document text ---- */

/* The first occurrence of needle in s[0..n), or n. */
static size_t find(const char *s, size_t n, const char *needle) { return nl_find(s, n, needle, strlen(needle)); }

/* The first byte at or after i in s[0..n) that does not start a space. */
static size_t skip_spaces(const char *s, size_t i, size_t n)
{
    while (i < n) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || !nl_cp_is_space(cp))
            break;
        i += k;
    }
    return i;
}

/* Trimmed content of line i as [*a, *b). */
static void line_range(const ctx *c, size_t i, size_t *a, size_t *b)
{
    const nl_line *ln = &c->doc->lines[i];
    *a = ln->start;
    *b = ln->end;
    nl_utf8_trim(c->t, a, b);
}

static int line_empty(const ctx *c, size_t i)
{
    size_t a, b;
    line_range(c, i, &a, &b);
    return a == b;
}

static size_t cp_count(const ctx *c, size_t a, size_t b) { return nl_utf8_count(c->t + a, b - a); }

/* ---- tree building ---- */

/* While building, an outline heading keeps its level in the high bits of its
   flags (above every NL_NODEF_* bit); fix_levels() moves it to nl_node.level. */
#define LEVEL_SHIFT 24

static nl_node *mk(ctx *c, nl_node_kind kind, nl_node *parent, size_t line, size_t a, size_t b)
{
    nl_node *n = nl_doc_node_new(c->doc, kind);
    if (!n) {
        c->oom = 1;
        memset(&c->scratch, 0, sizeof c->scratch);
        return &c->scratch;
    }
    n->first_line = n->last_line = line;
    n->span.start = a;
    n->span.end = b;
    nl_node_append(parent, n);
    n->level = parent->level + 1;
    return n;
}

/* Grow n and its ancestors so that they cover line `line` ending at `end`. */
static void extend(nl_node *n, size_t line, size_t end)
{
    for (; n; n = n->parent) {
        if (n->last_line < line)
            n->last_line = line;
        if (n->span.end < end)
            n->span.end = end;
    }
}

/* Compare a numbered node with the previous one of its series. */
static void check_sequence(nl_node *n, const nl_node *prev)
{
    if (n->number < 0)
        return;
    if (!prev) {
        if (n->number != 1)
            n->flags |= NL_NODEF_OUT_OF_SEQUENCE;
    } else if (n->number == prev->number) {
        /* 第十七条之一 after 第十七条 is an inserted article, not a repeat */
        if (!(n->flags & NL_NODEF_INSERTED))
            n->flags |= NL_NODEF_DUPLICATE;
    } else if (n->number != prev->number + 1) {
        n->flags |= NL_NODEF_OUT_OF_SEQUENCE;
    }
}

/* ---- labels ---- */

typedef enum lbkind {
    LB_NONE,
    LB_CHAPTER, /* 第X章 */
    LB_SECTION, /* 第X节 */
    LB_ARTICLE, /* 第X条 */
    LB_SUPPL,   /* a bare 附则 heading */
    LB_O1,      /* 一、 */
    LB_O2,      /* （一） */
    LB_O3,      /* 1. */
    LB_O4,      /* （1） */
    LB_ANNEX    /* 附件, 附件：, 附件1 */
} lbkind;

typedef struct label {
    lbkind kind;
    nl_span span; /* the label as written */
    size_t rest;  /* first byte of the text after the label and padding */
    long number;
    nl_numform form;
    int odd;  /* unusual form for this kind */
    int page; /* a stray page number precedes the label */
    int inserted; /* 第十七条之一: an article inserted by an amendment */
} label;

static int is_chinese_form(nl_numform f) { return f == NL_NUM_CHINESE || f == NL_NUM_CHINESE_UPPER; }
static int is_digit_form(nl_numform f) { return f == NL_NUM_ARABIC || f == NL_NUM_FULLWIDTH; }

/* Reads a number at s[i..b) for a label. Returns bytes consumed. */
static size_t label_number(const char *s, size_t i, size_t b, long *v, nl_numform *f)
{
    return nl_cnum_parse(s + i, b - i, v, f);
}

static int is_dash(const char *s, size_t i, size_t b, size_t *len)
{
    static const char *const dashes[] = {"-", "－", "—", "–"};
    for (size_t k = 0; k < sizeof dashes / sizeof dashes[0]; k++)
        if (nl_has_prefix(s + i, b - i, dashes[k])) {
            *len = strlen(dashes[k]);
            return 1;
        }
    return 0;
}

/* Text extracted from PDF often glues the page number to the next line:
   "-14-第三十四条", "— 5 —第十一条", "4第八条". Returns the offset of the 第
   after such a page number, or `a` when there is none. */
static size_t page_number_end(const char *s, size_t a, size_t b)
{
    size_t i = a, len, digits = 0;
    int dashed = 0;
    while (i < b && is_dash(s, i, b, &len))
        i += len, dashed = 1;
    i = skip_spaces(s, i, b);
    while (i < b && s[i] >= '0' && s[i] <= '9' && digits < 4)
        i++, digits++;
    if (!digits || (i < b && s[i] >= '0' && s[i] <= '9'))
        return a;
    i = skip_spaces(s, i, b);
    if (dashed) {
        if (!is_dash(s, i, b, &len))
            return a;
        while (i < b && is_dash(s, i, b, &len))
            i += len;
        i = skip_spaces(s, i, b);
    }
    return nl_has_prefix(s + i, b - i, "第") ? i : a;
}

/* A line that is nothing but a page number: "-14-", "— 5 —". */
static int page_number_line(const char *s, size_t a, size_t b)
{
    size_t i = a, len;
    if (!is_dash(s, i, b, &len))
        return 0;
    while (i < b && is_dash(s, i, b, &len))
        i += len;
    i = skip_spaces(s, i, b);
    size_t d = i;
    while (i < b && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d || i - d > 4)
        return 0;
    i = skip_spaces(s, i, b);
    if (!is_dash(s, i, b, &len))
        return 0;
    while (i < b && is_dash(s, i, b, &len))
        i += len;
    return skip_spaces(s, i, b) == b;
}

static int match_label(const ctx *c, size_t a, size_t b, label *lb);

/* 第X章 / 第X节 / 第X条 (and 第十七条之一) at s[a..b), which starts with 第:
   1 with *lb filled, else 0. A chapter or section line too long or too
   sentence-like for a heading is refused with lb->kind reset to LB_NONE. */
static int ordinal_label(const ctx *c, size_t a, size_t b, label *lb)
{
    const char *s = c->t;
    size_t i = skip_spaces(s, a + 3, b);
    long v;
    nl_numform f;
    size_t k = label_number(s, i, b, &v, &f);
    if (k == 0)
        return 0;
    size_t j = skip_spaces(s, i + k, b);
    lbkind kind = LB_NONE;
    if (nl_has_prefix(s + j, b - j, "章"))
        kind = LB_CHAPTER;
    else if (nl_has_prefix(s + j, b - j, "节"))
        kind = LB_SECTION;
    else if (nl_has_prefix(s + j, b - j, "条"))
        kind = LB_ARTICLE;
    if (kind == LB_NONE)
        return 0;
    lb->kind = kind;
    lb->span.start = a;
    lb->span.end = j + 3;
    lb->number = v;
    lb->form = f;
    lb->odd = !is_chinese_form(f) || i != a + 3 || j != i + k;
    lb->rest = skip_spaces(s, j + 3, b);
    if (kind == LB_ARTICLE && nl_has_prefix(s + j + 3, b - j - 3, "之")) {
        long sub;
        nl_numform sf;
        size_t m = label_number(s, j + 6, b, &sub, &sf);
        if (m > 0 && is_chinese_form(sf)) {
            lb->span.end = j + 6 + m;
            lb->rest = skip_spaces(s, lb->span.end, b);
            lb->inserted = 1;
        }
    }
    if (kind != LB_ARTICLE) {
        /* a heading line is short and is not a sentence */
        if (cp_count(c, lb->rest, b) > 40 || nl_contains(s + lb->rest, b - lb->rest, "。"))
            return lb->kind = LB_NONE, 0;
    }
    return 1;
}

/* 附件, 附件：, 附件1, 附件一, 附件 1： at s[a..b), which starts with 附件:
   1 with *lb filled, else 0. */
static int annex_label(const ctx *c, size_t a, size_t b, label *lb)
{
    const char *s = c->t;
    size_t i = skip_spaces(s, a + 6, b);
    long v = -1;
    nl_numform f = NL_NUM_NONE;
    size_t k = label_number(s, i, b, &v, &f);
    size_t j = skip_spaces(s, i + k, b);
    int colon = 0;
    if (nl_has_prefix(s + j, b - j, "：")) {
        j += 3;
        colon = 1;
    } else if (nl_has_prefix(s + j, b - j, ":")) {
        j += 1;
        colon = 1;
    }
    /* 附件 must be a label, not the start of a sentence (附件所列…) */
    if (j == b || colon || k > 0) {
        lb->kind = LB_ANNEX;
        lb->span.start = a;
        lb->span.end = j;
        lb->number = k > 0 ? v : -1;
        lb->form = k > 0 ? f : NL_NUM_NONE;
        lb->rest = skip_spaces(s, j, b);
        return 1;
    }
    return 0;
}

/* （一） （1） (一) (1) at s[a..b); i is the first byte after the opening
   parenthesis, full-width when fullparen. 1 with *lb filled, else 0. */
static int paren_label(const ctx *c, size_t a, size_t i, size_t b, int fullparen, label *lb)
{
    const char *s = c->t;
    long v;
    nl_numform f;
    size_t k = label_number(s, i, b, &v, &f);
    if (k == 0)
        return 0;
    size_t j = i + k;
    int close = nl_has_prefix(s + j, b - j, "）") ? 3 : (j < b && s[j] == ')') ? 1 : 0;
    if (!close)
        return 0;
    lb->kind = is_chinese_form(f) ? LB_O2 : LB_O4;
    lb->span.start = a;
    lb->span.end = j + (size_t)close;
    lb->number = v;
    lb->form = f;
    lb->odd = !fullparen || close != 3;
    lb->rest = skip_spaces(s, lb->span.end, b);
    return 1;
}

/* 一、  1.  1．  1、 at s[a..b): 1 with *lb filled, else 0 (also for numbers
   such as 1.5倍 and 2019.12). */
static int numeral_label(const ctx *c, size_t a, size_t b, label *lb)
{
    const char *s = c->t;
    long v;
    nl_numform f;
    size_t k = label_number(s, a, b, &v, &f);
    if (k == 0)
        return 0;
    size_t j = a + k;
    if (is_chinese_form(f) && nl_has_prefix(s + j, b - j, "、")) {
        lb->kind = LB_O1;
        lb->span.start = a;
        lb->span.end = j + 3;
    } else if (is_digit_form(f) && k <= 9) {
        size_t sep = 0;
        if (j < b && s[j] == '.')
            sep = 1;
        else if (nl_has_prefix(s + j, b - j, "．"))
            sep = 3;
        else if (nl_has_prefix(s + j, b - j, "、")) {
            sep = 3;
            lb->odd = 1;
        }
        if (!sep)
            return 0;
        /* 1.5倍 and 2019.12 are numbers, not labels */
        size_t after = j + sep;
        if (after < b && ((s[after] >= '0' && s[after] <= '9') || nl_has_prefix(s + after, b - after, "．")))
            return 0;
        if (v > 999)
            return 0;
        lb->kind = LB_O3;
        lb->span.start = a;
        lb->span.end = after;
    } else {
        return 0;
    }
    lb->number = v;
    lb->form = f;
    lb->rest = skip_spaces(s, lb->span.end, b);
    return 1;
}

/* The label at the start of s[a..b), uncached: see match_label. */
static int parse_label(const ctx *c, size_t a, size_t b, label *lb)
{
    const char *s = c->t;
    memset(lb, 0, sizeof *lb);
    lb->number = -1;
    if (a >= b)
        return 0;

    size_t p = page_number_end(s, a, b);
    if (p != a) {
        /* only an article or chapter label may follow a page number */
        if (!parse_label(c, p, b, lb) || (lb->kind != LB_ARTICLE && lb->kind != LB_CHAPTER))
            return memset(lb, 0, sizeof *lb), lb->number = -1, 0;
        lb->page = 1;
        return 1;
    }
    if (nl_has_prefix(s + a, b - a, "第"))
        return ordinal_label(c, a, b, lb);

    /* 附则 standing alone */
    if (nl_has_prefix(s + a, b - a, "附则") && skip_spaces(s, a + 6, b) == b) {
        lb->kind = LB_SUPPL;
        lb->span.start = a;
        lb->span.end = a + 6;
        lb->rest = b;
        return 1;
    }
    if (nl_has_prefix(s + a, b - a, "附件"))
        return annex_label(c, a, b, lb);
    int fullparen = nl_has_prefix(s + a, b - a, "（");
    if (fullparen || s[a] == '(')
        return paren_label(c, a, a + (fullparen ? 3 : 1), b, fullparen, lb);
    return numeral_label(c, a, b, lb);
}

/* The passes over a body (style detection, articles, the effective date,
 * the validity period, signature and header checks) each ask for the label
 * of the same lines; numerals make parse_label the recogniser's costliest
 * step, so each line keeps its last answer, keyed by the exact range. */
struct lentry {
    size_t a, b;
    label lb;
    int found;
    int set;
};

static int match_label(const ctx *c, size_t a, size_t b, label *lb)
{
    const nl_line *lines = c->doc->lines;
    size_t n = c->doc->nlines, lo = c->labels ? *c->last : 0;
    if (!c->labels || a < lines[0].start)
        return parse_label(c, a, b, lb);
    /* the passes go line by line: the last line asked for, or the next */
    if (!(lo < n && lines[lo].start <= a && (lo + 1 == n || a < lines[lo + 1].start))) {
        if (lo + 1 < n && lines[lo + 1].start <= a && (lo + 2 == n || a < lines[lo + 2].start)) {
            lo++;
        } else {
            size_t hi = n;
            lo = 0;
            while (hi - lo > 1) { /* the last line starting at or before a */
                size_t mid = lo + (hi - lo) / 2;
                if (lines[mid].start <= a)
                    lo = mid;
                else
                    hi = mid;
            }
        }
        *c->last = lo;
    }
    lentry *e = &c->labels[lo];
    if (!e->set || e->a != a || e->b != b) {
        e->found = parse_label(c, a, b, &e->lb);
        e->a = a;
        e->b = b;
        e->set = 1;
    }
    *lb = e->lb;
    return e->found;
}

/* ---- line classes ---- */

/* The whole trimmed line is one date (成文日期); a year and month without a
   day (2024年5月) counts only where year_month is set. */
static int date_line_as(const ctx *c, size_t i, nl_date *d, int year_month)
{
    size_t a, b;
    line_range(c, i, &a, &b);
    if (a == b)
        return 0;
    nl_date tmp;
    size_t k = nl_date_parse(c->t + a, b - a, &tmp);
    if (k == 0 || a + k != b || ((tmp.flags & NL_DATEF_YEAR_MONTH) && !year_month))
        return 0;
    if (d)
        *d = tmp;
    return 1;
}

static int date_line(const ctx *c, size_t i, nl_date *d)
{
    return date_line_as(c, i, d, 0);
}

static int has_sentence_punct(const char *s, size_t n)
{
    static const char *const p[] = {"。", "，", "；", "：", "！", "？", ",", ";", ":", "!", "?"};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (nl_contains(s, n, p[i]))
            return 1;
    return 0;
}

/* A line that can name an issuing body in a signature. */
static int issuer_line(const ctx *c, size_t i)
{
    size_t a, b;
    label lb;
    line_range(c, i, &a, &b);
    if (a == b || cp_count(c, a, b) > 40)
        return 0;
    if (has_sentence_punct(c->t + a, b - a) || nl_has_prefix(c->t + a, b - a, "（") ||
        nl_has_prefix(c->t + a, b - a, "《"))
        return 0;
    if (match_label(c, a, b, &lb) || date_line(c, i, NULL))
        return 0;
    return 1;
}

/* Remarks after the signature: （此件公开发布）, 抄送, 版记 印发 lines. */
static int note_line(const ctx *c, size_t i)
{
    size_t a, b;
    line_range(c, i, &a, &b);
    const char *s = c->t + a;
    size_t n = b - a;
    if (n == 0)
        return 0;
    if (nl_has_prefix(s, n, "（此件") || nl_has_prefix(s, n, "(此件") || nl_has_prefix(s, n, "抄送") ||
        nl_has_prefix(s, n, "抄报") || nl_has_prefix(s, n, "（联系人") || nl_has_prefix(s, n, "(联系人"))
        return 1;
    if (nl_has_suffix(s, n, "印发") && cp_count(c, a, b) <= 40) {
        size_t ds, de;
        nl_date d;
        return nl_date_find(s, n, &ds, &de, &d);
    }
    return 0;
}

/* Four Chinese numerals (二〇二四) ending at ye, after x: sets *ys and *year. */
static int hanzi_year(const char *s, size_t x, size_t ye, size_t *ys, long *year)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "零"};
    if (ye < x + 12)
        return 0;
    long v = 0;
    for (size_t k = ye - 12; k < ye; k += 3) {
        size_t i = 0;
        while (i < sizeof digits / sizeof digits[0] && memcmp(s + k, digits[i], 3) != 0)
            i++;
        if (i == sizeof digits / sizeof digits[0])
            return 0;
        v = v * 10 + (long)(i % 10);
    }
    *ys = ye - 12;
    *year = v;
    return 1;
}

/* The brackets a 文号's year is written in, right and wrong: 〔2024〕 [2024]
   （2024） (2024) 【2024】 ［2024］ ｛2024｝ ﹝2024﹞ */
static const struct {
    const char *open, *close;
    uint32_t o, c;
} docnum_br[] = {
    {"〔", "〕", 0x3014, 0x3015}, {"[", "]", '[', ']'},       {"（", "）", 0xFF08, 0xFF09},
    {"(", ")", '(', ')'},         {"【", "】", 0x3010, 0x3011}, {"［", "］", 0xFF3B, 0xFF3D},
    {"｛", "｝", 0xFF5B, 0xFF5D}, {"﹝", "﹞", 0xFE5D, 0xFE5E},
};

/* 1 when s[x, t) ends in a closing bracket of docnum_br. */
static int ends_in_close(const char *s, size_t x, size_t t)
{
    for (size_t k = 0; k < sizeof docnum_br / sizeof docnum_br[0]; k++)
        if (nl_has_suffix(s + x, t - x, docnum_br[k].close))
            return 1;
    return 0;
}

/* The serial number closing a 文号 in s[x, y): before 号, or right after a
   closing bracket when 号 is missing (江府发〔2024〕3), or left out
   (奎卫发〔2025〕号, serial 0). 1 with *d at the serial's first byte (or where
   it would be) and *serial, else 0. */
static int docnum_serial(const char *s, size_t x, size_t y, size_t *start, long *serial)
{
    /* 江府发〔2024〕3 without 号 is read as a malformed 文号 (digits right
       after a closing bracket); the form rule names it */
    size_t end = y - 3;
    if (!nl_has_suffix(s + x, y - x, "号")) {
        size_t t = y;
        while (t > x && s[t - 1] >= '0' && s[t - 1] <= '9')
            t--;
        if (t == y || !ends_in_close(s, x, t))
            return 0;
        end = y;
    }
    /* serial number digits before 号 */
    size_t d = end;
    while (d > x && ((s[d - 1] >= '0' && s[d - 1] <= '9') || s[d - 1] == ' '))
        d--;
    if (d == end) {
        /* full-width or Chinese serial: read back over 3-byte characters */
        while (d >= x + 3) {
            long v;
            nl_numform f;
            if (nl_cnum_parse(s + d - 3, 3, &v, &f) != 3)
                break;
            d -= 3;
        }
        /* 奎卫发〔2025〕号: the serial left out, read as a malformed 文号
           (serial 0); the form rule names it */
        if (d == end && !ends_in_close(s, x, end))
            return 0;
    }
    *serial = 0;
    nl_numform sf;
    size_t dd = skip_spaces(s, d, end);
    if (d < end && nl_cnum_parse(s + dd, end - dd, serial, &sf) == 0)
        return 0;
    *start = d;
    return 1;
}

/* The year in an order's number (中国人民银行令〔2021〕第3号) in s[x, q), or 0. */
static int order_year(const char *s, size_t x, size_t q)
{
    for (size_t k = x; k < q; k++) {
        if ((unsigned char)s[k] >= '1' && (unsigned char)s[k] <= '2' && k + 4 <= q) {
            long yv;
            nl_numform yf;
            if (nl_cnum_parse(s + k, 4, &yv, &yf) == 4 && yv >= 1949 && yv <= 2199)
                return (int)yv;
        }
    }
    return 0;
}

/* s[x, q): what precedes the 第 (at q) of a number ending in 第N号. 1 when
   it is a 令 number (…令第N号, 令〔2021〕第3号, or a bare 第N号), with the
   agency and year set in *dn; 0 when the line is no 文号; -1 for a 文号
   written with a stray 第 (江府办发〔2024〕第3号, which form.doc-number names),
   to be read before q. */
static int order_number(const char *s, size_t x, size_t q, nl_docnum *dn)
{
    /* 令〔2021〕第3号 is an order; 江府办发〔2024〕第3号 is not */
    size_t open = x;
    for (size_t k = 0; k < sizeof docnum_br / sizeof docnum_br[0] && open == x; k++) {
        if (!nl_has_suffix(s + x, q - x, docnum_br[k].close))
            continue;
        size_t ol = strlen(docnum_br[k].open);
        size_t f = nl_find(s + x, q - x, docnum_br[k].open, ol);
        if (f < q - x)
            open = x + f;
    }
    if (q == x || (q >= x + 3 && memcmp(s + q - 3, "令", 3) == 0) ||
        (open > x && open < q && nl_has_suffix(s + x, open - x, "令"))) {
        dn->is_order = 1;
        dn->agency.start = x;
        dn->agency.end = q;
        /* 中国人民银行令〔2021〕第3号 carries a year in brackets */
        dn->year = order_year(s, x, q);
        return 1;
    }
    return open == x ? 0 : -1;
}

/* The year and agency of a 文号 in s[x, q) ending with the closing bracket
   docnum_br[k] (江州府规〔2024〕): 1 with *dn filled, else 0. */
static int bracketed_docnum(const char *s, size_t x, size_t q, size_t k, nl_docnum *dn)
{
    size_t cl = strlen(docnum_br[k].close), ol = strlen(docnum_br[k].open);
    size_t ye = q - cl;
    while (ye > x && s[ye - 1] == ' ')
        ye--;
    size_t ys = ye;
    while (ys > x && s[ys - 1] >= '0' && s[ys - 1] <= '9')
        ys--;
    /* a year in Chinese numerals (〔二〇二四〕) or of two digits (〔21〕) is a
       malformed 文号 that form.doc-number names */
    long yv;
    int hanzi = ys == ye && hanzi_year(s, x, ye, &ys, &yv);
    if (!hanzi) {
        if (ye - ys != 4 && ye - ys != 2)
            return 0;
        nl_numform yf;
        nl_cnum_parse(s + ys, ye - ys, &yv, &yf);
        if (ye - ys == 2)
            yv += 2000;
    }
    size_t os = ys;
    while (os > x && s[os - 1] == ' ')
        os--;
    if (os - x < ol || memcmp(s + os - ol, docnum_br[k].open, ol) != 0)
        return 0;
    dn->year = (int)yv;
    dn->open = docnum_br[k].o;
    dn->close = docnum_br[k].c;
    dn->agency.start = x;
    dn->agency.end = os - ol;
    /* the agency code is a short run of characters without punctuation;
       a 文号 without one (〔2024〕3号) is read too, but only with a full
       year in brackets: form.doc-number-agency names the missing code */
    if ((dn->agency.end == x && (hanzi || ye - ys != 4)) || has_sentence_punct(s + x, dn->agency.end - x) ||
        nl_utf8_count(s + x, dn->agency.end - x) > 16)
        return 0;
    return 1;
}

/* The year and agency of a 文号 in s[x, q) without brackets: 江府发2024年,
   江府发2024- (named by form.doc-number). 1 with *dn filled, else 0. */
static int unbracketed_docnum(const char *s, size_t x, size_t q, nl_docnum *dn)
{
    size_t ye = q;
    if (ye > x + 3 && (nl_has_suffix(s + x, ye - x, "年") || nl_has_suffix(s + x, ye - x, "－")))
        ye -= 3;
    else if (ye > x && s[ye - 1] == '-')
        ye--;
    else
        return 0;
    size_t ys = ye;
    while (ys > x && s[ys - 1] >= '0' && s[ys - 1] <= '9')
        ys--;
    if (ye - ys != 4 || ys == x || (s[ys] != '1' && s[ys] != '2') || has_sentence_punct(s + x, ys - x) ||
        nl_utf8_count(s + x, ys - x) > 16 || !((unsigned char)s[ys - 1] & 0x80))
        return 0;
    long yv;
    nl_numform yf;
    nl_cnum_parse(s + ys, 4, &yv, &yf);
    dn->year = (int)yv;
    dn->agency.start = x;
    dn->agency.end = ys;
    return 1;
}

/* A 文号 line: 江州府规〔2024〕3号, 国务院令第768号, 第12号. Fills *dn. */
static int docnum_line(const ctx *c, size_t i, nl_docnum *dn)
{
    size_t a, b;
    line_range(c, i, &a, &b);
    const char *s = c->t;
    if (a == b || cp_count(c, a, b) > 40)
        return 0;
    /* the number may sit in parentheses after a title: （国办函〔2018〕71号） */
    size_t x = a, y = b;
    if (nl_has_prefix(s + x, y - x, "（") && nl_has_suffix(s + x, y - x, "）")) {
        x += 3;
        y -= 3;
    }
    size_t d;
    long serial;
    if (!docnum_serial(s, x, y, &d, &serial))
        return 0;
    memset(dn, 0, sizeof *dn);
    dn->span.start = x;
    dn->span.end = y;
    dn->serial = serial;

    /* 令 numbers: …令第N号 or 第N号 */
    size_t p = d;
    while (p > x && s[p - 1] == ' ')
        p--;
    if (p >= x + 3 && memcmp(s + p - 3, "第", 3) == 0) {
        int order = order_number(s, x, p - 3, dn);
        if (order >= 0)
            return order;
        p -= 3; /* 〔2024〕第3号: read the 文号 before the stray 第 */
        while (p > x && s[p - 1] == ' ')
            p--;
    }
    for (size_t k = 0; k < sizeof docnum_br / sizeof docnum_br[0]; k++) {
        size_t cl = strlen(docnum_br[k].close), ol = strlen(docnum_br[k].open);
        if (p - x < cl + 4 + ol || memcmp(s + p - cl, docnum_br[k].close, cl) != 0)
            continue;
        return bracketed_docnum(s, x, p, k, dn);
    }
    /* no brackets at all: 江府发2024年3号, 江府发2024-3号 */
    return unbracketed_docnum(s, x, p, dn);
}

/* ---- titles ---- */

static const char *const genres[] = {
    "办法", "规定", "细则", "规则", "意见", "通知", "决定", "方案", "规范", "标准", "准则", "制度",
    "措施", "条例", "批复", "复函", "函",   "答复", "报告", "请示", "通报", "纪要", "公告", "通告",
    "解释", "安排", "纲要", "规划", "要点", "指引", "指南", "守则", "命令", "决议", "公报", "清单",
    "目录", "程序", "法",   "令",   "计划", "章程", "修正案"};

/* End of the title proper once a trailing （试行）/（2018年修正）/（征求意见稿） is removed. */
size_t nl_title_core_end(const char *s, size_t a, size_t b)
{
    for (int round = 0; round < 2; round++) {
        if (nl_has_suffix(s + a, b - a, "）")) {
            size_t o = b - 3;
            while (o > a && !(o >= a + 3 && memcmp(s + o - 3, "（", 3) == 0))
                o--;
            if (o >= a + 3 && b - o <= 3 * 16 + 3)
                b = o - 3;
            else
                break;
        } else if (nl_has_suffix(s + a, b - a, ")")) {
            size_t o = b - 1;
            while (o > a && s[o - 1] != '(')
                o--;
            if (o > a && b - o <= 48)
                b = o - 1;
            else
                break;
        }
    }
    return b;
}

static int ends_with_genre(const ctx *c, size_t a, size_t b)
{
    b = nl_title_core_end(c->t, a, b);
    for (size_t i = 0; i < sizeof genres / sizeof genres[0]; i++)
        if (nl_has_suffix(c->t + a, b - a, genres[i]))
            return 1;
    return 0;
}

static int title_like(const ctx *c, size_t i)
{
    size_t a, b;
    label lb;
    line_range(c, i, &a, &b);
    if (a == b || cp_count(c, a, b) > 100)
        return 0;
    if (nl_contains(c->t + a, b - a, "。") || nl_has_suffix(c->t + a, b - a, "：") || nl_has_suffix(c->t + a, b - a, ":"))
        return 0;
    if (match_label(c, a, b, &lb) || date_line(c, i, NULL))
        return 0;
    return 1;
}

/* ---- the part parser ---- */

static size_t next_nonempty(const ctx *c, size_t i, size_t end)
{
    while (i < end && line_empty(c, i))
        i++;
    return i;
}

static nl_node *line_node(ctx *c, nl_node_kind kind, nl_node *parent, size_t i)
{
    size_t a, b;
    line_range(c, i, &a, &b);
    return mk(c, kind, parent, i, a, b);
}

/* Body state for 条文式 documents. */
typedef struct abody {
    nl_node *root, *chapter, *section, *article, *clause, *item, *subitem, *para_parent, *preamble;
    nl_node *table; /* the table being read (its lines are the ones just before) */
    nl_node *last_chapter, *last_section, *last_article, *last_item, *last_subitem;
    nl_node *annex_list;
    long clauses; /* clauses of the current article so far */
} abody;

static void set_label(nl_node *n, const label *lb)
{
    n->label = lb->span;
    n->number = lb->number;
    n->form = lb->form;
    if (lb->odd)
        n->flags |= NL_NODEF_ODD_FORM;
    if (lb->page)
        n->flags |= NL_NODEF_PAGE_NUMBER;
    if (lb->inserted)
        n->flags |= NL_NODEF_INSERTED;
}

/* An annex reference list (附件：1.…) continues over short numbered lines. */
static int annex_list_continues(ctx *c, nl_node *list, size_t i, const label *lb, size_t a, size_t b)
{
    if (!list || list->last_line + 1 != i)
        return 0;
    if (lb->kind != LB_O3 && lb->kind != LB_O4)
        return 0;
    return cp_count(c, a, b) <= 60 && !nl_contains(c->t + a, b - a, "。");
}

static void new_clause(ctx *c, abody *s, size_t i, size_t a, size_t b)
{
    s->clause = mk(c, NL_NODE_CLAUSE, s->article, i, a, b);
    s->clause->number = ++s->clauses;
    s->clause->form = NL_NUM_IMPLICIT;
    extend(s->article, i, b);
    s->item = s->subitem = NULL;
    s->last_item = s->last_subitem = NULL;
}

/* Does node n end in the middle of a sentence? Text extracted from PDF or
   typed with hard line breaks wraps a paragraph over several lines; a line that
   does not end with 。；：！？ (possibly followed by a closing quote or bracket)
   continues on the next one. */
static int ends_open(const ctx *c, const nl_node *n)
{
    /* a word processor's paragraphs are real paragraphs: only plain text wraps */
    if (strcmp(nl_doc_format(c->doc), "text") != 0)
        return 0;
    static const char *const closers[] = {"”", "’", "」", "』", "）", ")", "\"", "'"};
    static const char *const stops[] = {"。", "；", "：", "！", "？", ";", ":", "!", "?", "…"};
    const char *s = c->t;
    size_t a = n->span.start, b = n->span.end;
    for (int again = 1; again && b > a;) {
        again = 0;
        for (size_t k = 0; k < sizeof closers / sizeof closers[0]; k++)
            if (nl_has_suffix(s + a, b - a, closers[k])) {
                b -= strlen(closers[k]);
                again = 1;
                break;
            }
    }
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++)
        if (nl_has_suffix(s + a, b - a, stops[k]))
            return 0;
    return b > a;
}

/* A line of 1-4 digits alone in extracted plain text: a page number. */
static int bare_page_number(const ctx *c, size_t a, size_t b)
{
    if (strcmp(nl_doc_format(c->doc), "text") != 0 || b - a > 4)
        return 0;
    for (size_t i = a; i < b; i++)
        if (c->t[i] < '0' || c->t[i] > '9')
            return 0;
    return b > a;
}

/* A 第X章 heading, or a bare 附则 (LB_SUPPL), at segment [a, b) of line i:
   a new chapter of the body that closes everything below it. */
static void open_chapter(ctx *c, abody *s, size_t i, size_t a, size_t b, const label *lb)
{
    nl_node *n = mk(c, NL_NODE_CHAPTER, s->root, i, a, b);
    if (lb->kind == LB_CHAPTER) {
        set_label(n, lb);
        check_sequence(n, s->last_chapter);
        s->last_chapter = n;
    } else {
        n->label = lb->span;
    }
    n->heading.start = lb->rest;
    n->heading.end = b;
    if (lb->kind == LB_SUPPL || (b - lb->rest == 6 && memcmp(c->t + lb->rest, "附则", 6) == 0))
        n->flags |= NL_NODEF_SUPPLEMENTARY;
    if (lb->kind == LB_SUPPL)
        n->heading = lb->span;
    s->chapter = n;
    s->section = s->article = s->clause = s->item = s->subitem = NULL;
    s->last_section = NULL;
    s->para_parent = n;
}

/* A 第X节 heading: a new section of the current chapter (or of the body). */
static void open_section(ctx *c, abody *s, size_t i, size_t a, size_t b, const label *lb)
{
    nl_node *parent = s->chapter ? s->chapter : s->root;
    nl_node *n = mk(c, NL_NODE_SECTION, parent, i, a, b);
    set_label(n, lb);
    n->heading.start = lb->rest;
    n->heading.end = b;
    extend(parent, i, b);
    check_sequence(n, s->last_section);
    s->last_section = n;
    s->section = n;
    s->article = s->clause = s->item = s->subitem = NULL;
    s->para_parent = n;
}

/* A 第X条 label: a new article, whose text after the label is its first 款. */
static void open_article(ctx *c, abody *s, size_t i, size_t a, size_t b, const label *lb)
{
    nl_node *parent = s->section ? s->section : s->chapter ? s->chapter : s->root;
    nl_node *n = mk(c, NL_NODE_ARTICLE, parent, i, a, b);
    set_label(n, lb);
    extend(parent, i, b);
    check_sequence(n, s->last_article);
    s->last_article = n;
    s->article = n;
    s->clause = s->item = s->subitem = NULL;
    s->last_item = s->last_subitem = NULL;
    s->para_parent = NULL;
    s->clauses = 0;
    if (lb->rest < b)
        new_clause(c, s, i, lb->rest, b);
}

/* A 附件 label inside the body: a reference list (附件：1.…) that the next
   short numbered lines continue. */
static void open_annex_list(ctx *c, abody *s, size_t i, size_t a, size_t b, const label *lb)
{
    nl_node *parent = s->article ? s->article : s->para_parent ? s->para_parent : s->root;
    nl_node *n = mk(c, NL_NODE_ANNEX, parent, i, a, b);
    n->label = lb->span;
    n->number = lb->number;
    n->form = lb->form;
    n->flags |= NL_NODEF_LIST;
    extend(parent, i, b);
    s->annex_list = n;
}

/* An outline label (一、（一）1.（1）) inside an article: a 项 of the current
   款 (opening one if none is), or a 目 under the current 项. The expected
   forms are （一） for a 项 and 1. for a 目 under a 项; others are flagged odd. */
static void add_item(ctx *c, abody *s, size_t i, size_t a, size_t b, const label *lb)
{
    if (!s->clause)
        new_clause(c, s, i, a, b);
    int sub = (lb->kind == LB_O3 || lb->kind == LB_O4) && s->item;
    if (!sub) {
        nl_node *n =
            mk(c, (lb->kind == LB_O3 || lb->kind == LB_O4) ? NL_NODE_SUBITEM : NL_NODE_ITEM, s->clause, i, a, b);
        set_label(n, lb);
        if (lb->kind != LB_O2)
            n->flags |= NL_NODEF_ODD_FORM;
        extend(s->clause, i, b);
        if (n->kind == NL_NODE_ITEM) {
            check_sequence(n, s->last_item);
            s->last_item = n;
            s->item = n;
            s->subitem = NULL;
            s->last_subitem = NULL;
        } else {
            check_sequence(n, s->last_subitem);
            s->last_subitem = n;
        }
    } else {
        nl_node *n = mk(c, NL_NODE_SUBITEM, s->item, i, a, b);
        set_label(n, lb);
        if (lb->kind == LB_O4)
            n->flags |= NL_NODEF_ODD_FORM;
        extend(s->item, i, b);
        check_sequence(n, s->last_subitem);
        s->last_subitem = n;
        s->subitem = n;
    }
}

/* Unlabelled text: inside an article a new 款 (or the continuation of a
   wrapped one), else a paragraph of the chapter or section, or the preamble
   before the first article. */
static void add_text(ctx *c, abody *s, size_t i, size_t a, size_t b)
{
    if (s->article) {
        nl_node *leaf = s->subitem ? s->subitem : s->item ? s->item : s->clause;
        if (leaf && ends_open(c, leaf))
            extend(leaf, i, b);
        else
            new_clause(c, s, i, a, b);
    } else if (s->para_parent) {
        mk(c, NL_NODE_PARAGRAPH, s->para_parent, i, a, b);
        extend(s->para_parent, i, b);
    } else if (!s->last_article) {
        /* text before the first article is one preamble */
        if (s->preamble)
            extend(s->preamble, i, b);
        else
            s->preamble = mk(c, NL_NODE_PREAMBLE, s->root, i, a, b);
    } else {
        mk(c, NL_NODE_PARAGRAPH, s->root, i, a, b);
    }
}

/* Line i, a paragraph of a table cell (nl_line.row), into the table under
   parent: the table continues when it ended on the line before, a row
   when its cells share the line's row. *table is the table read. */
static void table_line(ctx *c, nl_node **table, nl_node *parent, size_t i)
{
    size_t a, b;
    line_range(c, i, &a, &b);
    const nl_line *ln = &c->doc->lines[i];
    nl_node *t = *table;
    if (!t || t->parent != parent || t->last_line + 1 != i) {
        const nl_node *prev = NULL; /* tables are numbered among their siblings */
        for (nl_node *q = parent->last_child; q && !prev; q = q->prev)
            if (q->kind == NL_NODE_TABLE)
                prev = q;
        t = *table = mk(c, NL_NODE_TABLE, parent, i, ln->start, ln->end);
        t->number = prev ? prev->number + 1 : 1;
    }
    nl_node *r = t->last_child;
    if (!r || c->doc->lines[r->last_line].row != ln->row) {
        r = mk(c, NL_NODE_ROW, t, i, ln->start, ln->end);
        r->number = r->prev ? r->prev->number + 1 : 1;
    }
    extend(r, i, a < b ? b : ln->end);
}

/* One segment [a, b) of line i of a 条文式 body: usually the whole line. */
static void article_segment(ctx *c, abody *s, size_t i, size_t a, size_t b)
{
    label lb;
    if (page_number_line(c->t, a, b) || bare_page_number(c, a, b))
        return; /* a page break left by PDF extraction */
    match_label(c, a, b, &lb);
    if (annex_list_continues(c, s->annex_list, i, &lb, a, b)) {
        extend(s->annex_list, i, b);
        return;
    }
    s->annex_list = NULL;
    switch (lb.kind) {
    case LB_CHAPTER:
    case LB_SUPPL:
        open_chapter(c, s, i, a, b, &lb);
        return;
    case LB_SECTION:
        open_section(c, s, i, a, b, &lb);
        return;
    case LB_ARTICLE:
        open_article(c, s, i, a, b, &lb);
        return;
    case LB_ANNEX:
        open_annex_list(c, s, i, a, b, &lb);
        return;
    case LB_O1:
    case LB_O2:
    case LB_O3:
    case LB_O4:
        if (s->article) {
            add_item(c, s, i, a, b, &lb);
            return;
        }
        break; /* outside articles: a paragraph */
    case LB_NONE:
        break;
    }
    add_text(c, s, i, a, b);
}

/* Text extracted from PDF sometimes runs the next article into the line of
   the previous one: "……影印件。     第十五条  预付卡机构……". Returns the offset of
   such a 第X条 in (a, b) when it is followed by a space and numbered `want`,
   else b. */
static size_t joined_article(const ctx *c, size_t a, size_t b, long want)
{
    const char *s = c->t;
    if (b - a <= 3 || !nl_contains(s + a + 3, b - a - 3, "第"))
        return b; /* most lines: no 第 after the first character */
    for (size_t i = find(s + a, b - a, "。") + a; i < b; i = find(s + i, b - i, "。") + i) {
        i += 3;
        size_t j = skip_spaces(s, i, b);
        label lb;
        if (!nl_has_prefix(s + j, b - j, "第") || !match_label(c, j, b, &lb))
            continue;
        if (lb.kind != LB_ARTICLE || lb.number != want || lb.odd || lb.rest == lb.span.end)
            continue;
        return j;
    }
    return b;
}

static void body_articles(ctx *c, nl_node *root, size_t l0, size_t l1)
{
    abody s;
    memset(&s, 0, sizeof s);
    s.root = root;
    for (size_t i = l0; i < l1; i++) {
        size_t a, b;
        line_range(c, i, &a, &b);
        if (c->doc->lines[i].row) {
            /* a table is where it stands, never a 款 or 项: the text after it
               opens a new 款 */
            nl_node *parent = s.article ? s.article : s.para_parent ? s.para_parent : s.root;
            table_line(c, &s.table, parent, i);
            s.clause = s.item = s.subitem = NULL;
            s.annex_list = NULL;
            continue;
        }
        int joined = 0;
        while (a < b) {
            label lb;
            long last = s.last_article ? s.last_article->number : 0;
            if (match_label(c, a, b, &lb) && lb.kind == LB_ARTICLE)
                last = lb.number;
            size_t cut = last >= 0 ? joined_article(c, a, b, last + 1) : b;
            size_t sa = a, sb = cut;
            nl_utf8_trim(c->t, &sa, &sb);
            const nl_node *before = s.last_article;
            article_segment(c, &s, i, sa, sb);
            if (joined && s.last_article != before)
                s.last_article->flags |= NL_NODEF_JOINED;
            joined = cut != b;
            a = cut;
        }
    }
}

/* 段落式 body: outline headings nest by level; other lines are paragraphs. */
static void body_outline(ctx *c, nl_node *root, size_t l0, size_t l1)
{
    nl_node *open[5] = {NULL, NULL, NULL, NULL, NULL};
    nl_node *annex_list = NULL, *table = NULL;
    for (size_t i = l0; i < l1; i++) {
        size_t a, b;
        label lb;
        line_range(c, i, &a, &b);
        if (c->doc->lines[i].row) { /* a table, under the heading it follows */
            nl_node *deepest = root;
            for (int k = 4; k >= 1 && deepest == root; k--)
                if (open[k])
                    deepest = open[k];
            table_line(c, &table, deepest, i);
            annex_list = NULL;
            continue;
        }
        if (a == b)
            continue;
        match_label(c, a, b, &lb);
        if (annex_list_continues(c, annex_list, i, &lb, a, b)) {
            extend(annex_list, i, b);
            continue;
        }
        annex_list = NULL;
        int level = lb.kind == LB_O1 ? 1 : lb.kind == LB_O2 ? 2 : lb.kind == LB_O3 ? 3 : lb.kind == LB_O4 ? 4 : 0;
        nl_node *deepest = root;
        for (int k = 4; k >= 1; k--)
            if (open[k]) {
                deepest = open[k];
                break;
            }
        if (lb.kind == LB_ANNEX) {
            /* the annex list closes the outline: it belongs to the whole body */
            nl_node *n = line_node(c, NL_NODE_ANNEX, root, i);
            n->label = lb.span;
            n->number = lb.number;
            n->form = lb.form;
            n->flags |= NL_NODEF_LIST;
            extend(root, i, b);
            annex_list = n;
            for (int k = 1; k <= 4; k++)
                open[k] = NULL;
            continue;
        }
        if (level) {
            nl_node *parent = root;
            for (int k = level - 1; k >= 1; k--)
                if (open[k]) {
                    parent = open[k];
                    break;
                }
            nl_node *prev = NULL;
            for (nl_node *p = parent->last_child; p; p = p->prev)
                if (p->kind == NL_NODE_HEADING && p->level == parent->level + 1 && p->number >= 0 &&
                    (int)(p->flags >> LEVEL_SHIFT) == level) {
                    prev = p;
                    break;
                }
            nl_node *n = line_node(c, NL_NODE_HEADING, parent, i);
            set_label(n, &lb);
            /* the outline level is kept in the high bits while building, then moved to level */
            n->flags |= (unsigned)level << LEVEL_SHIFT;
            check_sequence(n, prev);
            size_t hs = lb.rest, he = b;
            size_t stop = find(c->t + hs, he - hs, "。");
            if (hs + stop < he) {
                if (skip_spaces(c->t, hs + stop + 3, b) < b)
                    n->flags |= NL_NODEF_INLINE_HEADING;
                he = hs + stop;
            }
            n->heading.start = hs;
            n->heading.end = he;
            extend(parent, i, b);
            open[level] = n;
            for (int k = level + 1; k <= 4; k++)
                open[k] = NULL;
            continue;
        }
        nl_node *last = deepest->last_child;
        if (last && last->kind == NL_NODE_PARAGRAPH && ends_open(c, last)) {
            extend(last, i, b);
            continue;
        }
        line_node(c, NL_NODE_PARAGRAPH, deepest, i);
        extend(deepest, i, b);
    }
}

/* Moves the building-time outline level from flags to nl_node.level. */
static void fix_levels(nl_node *n)
{
    for (; n; n = n->next) {
        if (n->kind == NL_NODE_HEADING) {
            n->level = (int)(n->flags >> LEVEL_SHIFT);
            n->flags &= (1u << LEVEL_SHIFT) - 1;
        }
        fix_levels(n->first_child);
    }
}

/* ---- dates and validity clauses ---- */

/* A sentence is looked at over at most SENTENCE_MAX bytes on each side of
 * the offset asked about, so a hostile multi-megabyte line with many matches
 * stays linear. */
enum { SENTENCE_MAX = 4096 };

/* 1 when s[i..b) starts with 。 or ；, the stops between sentences. */
static int is_stop(const char *s, size_t i, size_t b)
{
    return nl_has_prefix(s + i, b - i, "。") || nl_has_prefix(s + i, b - i, "；");
}

/* The sentence around byte offset `at` inside line [a, b), split on 。；:
   [*sa, *sb), leading spaces skipped. */
static void sentence_at(const ctx *c, size_t a, size_t b, size_t at, size_t *sa, size_t *sb)
{
    size_t lo = at - a > SENTENCE_MAX ? at - SENTENCE_MAX : a;
    size_t x = at;
    while (x > lo && !(x >= lo + 3 && is_stop(c->t, x - 3, b)))
        x--;
    /* land on a character boundary */
    while (x < at && ((unsigned char)c->t[x] & 0xC0) == 0x80)
        x++;
    size_t hi = b - at > SENTENCE_MAX ? at + SENTENCE_MAX : b;
    size_t y = at;
    while (y < hi && !is_stop(c->t, y, b))
        y++;
    while (y > at && y < b && ((unsigned char)c->t[y] & 0xC0) == 0x80)
        y--;
    *sa = skip_spaces(c->t, x, b);
    *sb = y;
}

/* Start of a line's own text: after an article label (第五条　). */
static size_t content_start(const ctx *c, size_t a, size_t b)
{
    label lb;
    if (match_label(c, a, b, &lb) && lb.kind == LB_ARTICLE)
        return lb.rest;
    return a;
}

/* The first line from i on (before l1) that may hold `needle`: one search
   of the text from line i on instead of one per line. Every line that holds
   it is reached (the caller still checks the line itself). */
static size_t next_line_with(const ctx *c, size_t i, size_t l1, const char *needle)
{
    if (i >= l1)
        return l1;
    const nl_line *ln = c->doc->lines;
    size_t from = ln[i].start, to = ln[l1 - 1].end, k = strlen(needle);
    size_t at = from + nl_find(c->t + from, to - from, needle, k);
    if (at >= to)
        return l1;
    while (i < l1 && ln[i].end < at + k)
        i++;
    return i;
}

static const char *const issue_days[] = {"印发之日", "公布之日", "发布之日", "下发之日", "签发之日", "颁布之日", "发文之日"};

/* The effective date stated in lines [l0, l1) (自…起施行 and its kin) into
   m: a date, or on issue (自印发之日起施行). */
static void find_effective(ctx *c, nl_meta *m, size_t l0, size_t l1)
{
    static const char *const verbs[] = {"起施行", "起实施", "起执行", "起生效", "起试行"};
    for (size_t i = next_line_with(c, l0, l1, "起"); i < l1; i = next_line_with(c, i + 1, l1, "起")) {
        size_t a, b;
        line_range(c, i, &a, &b);
        if (!nl_contains(c->t + a, b - a, "起")) /* every verb starts with it */
            continue;
        a = content_start(c, a, b);
        for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
            size_t off = a;
            for (;;) {
                size_t k = find(c->t + off, b - off, verbs[v]);
                if (off + k >= b)
                    break;
                size_t at = off + k;
                size_t sa, sb;
                sentence_at(c, a, b, at, &sa, &sb);
                /* 自 … 起施行, within the sentence */
                size_t z = find(c->t + sa, at - sa, "自");
                if (sa + z < at) {
                    size_t from = sa + z + 3;
                    int on_issue = 0;
                    for (size_t q = 0; q < sizeof issue_days / sizeof issue_days[0]; q++)
                        if (nl_contains(c->t + from, at - from, issue_days[q]))
                            on_issue = 1;
                    size_t ds, de;
                    nl_date d;
                    if (on_issue) {
                        m->effective_kind = NL_EFFECTIVE_ON_ISSUE;
                        memset(&m->effective, 0, sizeof m->effective);
                        m->effective_clause.start = sa;
                        m->effective_clause.end = sb;
                    } else if (nl_date_find(c->t + from, at - from, &ds, &de, &d)) {
                        m->effective_kind = NL_EFFECTIVE_DATE;
                        m->effective.span.start = from + ds;
                        m->effective.span.end = from + de;
                        m->effective.date = d;
                        m->effective_clause.start = sa;
                        m->effective_clause.end = sb;
                    }
                }
                off = at + strlen(verbs[v]);
            }
        }
    }
}

/* No 有效期 clause: an end date in the effective clause (自2025年4月1日起
   施行，至2025年12月31日止) is the validity period too. */
static void validity_in_effective(const ctx *c, nl_meta *m)
{
    if (nl_span_empty(m->effective_clause))
        return;
    size_t a = m->effective_clause.start, b = m->effective_clause.end;
    size_t k = find(c->t + a, b - a, "起");
    size_t p = a + k < b ? a + k + 3 : b;
    size_t z = find(c->t + p, b - p, "至");
    size_t ds, de;
    nl_date d;
    if (p + z >= b || !nl_date_find(c->t + p + z, b - p - z, &ds, &de, &d))
        return;
    size_t e = p + z + de;
    if (nl_has_prefix(c->t + e, b - e, "止") || nl_has_prefix(c->t + e, b - e, "废止") ||
        nl_has_prefix(c->t + e, b - e, "失效") || nl_has_prefix(c->t + e, b - e, "截止")) {
        m->valid_until.span.start = p + z + ds;
        m->valid_until.span.end = e;
        m->valid_until.date = d;
        m->validity_clause = m->effective_clause;
    }
}

/* The document's own validity period in lines [l0, l1) into m: 有效期N年
   (or months), 有效期至 a date, or both; else an end date after the
   effective date. */
static void find_validity(ctx *c, nl_meta *m, size_t l0, size_t l1)
{
    for (size_t i = next_line_with(c, l0, l1, "有效期"); i < l1; i = next_line_with(c, i + 1, l1, "有效期")) {
        size_t a, b;
        line_range(c, i, &a, &b);
        if (!nl_contains(c->t + a, b - a, "有效期"))
            continue;
        a = content_start(c, a, b);
        size_t off = a;
        for (;;) {
            size_t k = find(c->t + off, b - off, "有效期");
            if (off + k >= b)
                break;
            size_t at = off + k;
            off = at + 9;
            size_t sa, sb;
            sentence_at(c, a, b, at, &sa, &sb);
            /* the document's own validity, not a licence's: 本办法有效期… or a sentence opening with 有效期 */
            if (!(sa == at || nl_contains(c->t + sa, at - sa, "本")))
                continue;
            size_t p = at + 9;
            if (nl_has_prefix(c->t + p, sb - p, "限"))
                p += 3;
            p = skip_spaces(c->t, p, sb);
            if (nl_has_prefix(c->t + p, sb - p, "为") || nl_has_prefix(c->t + p, sb - p, "："))
                p += 3;
            p = skip_spaces(c->t, p, sb);
            if (nl_has_prefix(c->t + p, sb - p, "至")) {
                size_t ds, de;
                nl_date d;
                if (nl_date_find(c->t + p, sb - p, &ds, &de, &d)) {
                    m->valid_until.span.start = p + ds;
                    m->valid_until.span.end = p + de;
                    m->valid_until.date = d;
                    m->validity_clause.start = sa;
                    m->validity_clause.end = sb;
                }
                continue;
            }
            long v;
            nl_numform f;
            size_t n = nl_cnum_parse(c->t + p, sb - p, &v, &f);
            if (n > 0 && nl_has_prefix(c->t + p + n, sb - p - n, "年")) {
                m->valid_years = (int)v;
                m->validity_clause.start = sa;
                m->validity_clause.end = sb;
            } else if (n > 0 && nl_has_prefix(c->t + p + n, sb - p - n, "个月")) {
                /* months are kept as a fraction-free year count only when whole */
                if (v % 12 == 0)
                    m->valid_years = (int)(v / 12);
                m->validity_clause.start = sa;
                m->validity_clause.end = sb;
            }
            /* a trailing 至… in the same sentence: 有效期5年，至2029年… */
            size_t z = find(c->t + p, sb - p, "至");
            size_t ds, de;
            nl_date d;
            if (p + z < sb && nl_date_find(c->t + p + z, sb - p - z, &ds, &de, &d)) {
                m->valid_until.span.start = p + z + ds;
                m->valid_until.span.end = p + z + de;
                m->valid_until.date = d;
                m->validity_clause.start = sa;
                m->validity_clause.end = sb;
            }
        }
    }
    if (nl_span_empty(m->validity_clause))
        validity_in_effective(c, m);
}

/* ---- signature ---- */

/* Is line d the 成文日期 of a signature? After it only notes and empty lines
 * may follow until `end`, or an annex label, or (for wrappers) the issued text.
 * *after is set to the first line after those notes once d is a date line. */
static int signature_at(const ctx *c, size_t d, size_t end, int wrapper, size_t *after)
{
    /* a signature dated 2024年5月 lacks the day, which form.date names */
    if (!date_line_as(c, d, NULL, 1))
        return 0;
    size_t j = d + 1;
    while (j < end && (line_empty(c, j) || note_line(c, j)))
        j++;
    *after = j;
    if (j == end)
        return 1;
    size_t a, b;
    label lb;
    line_range(c, j, &a, &b);
    if (match_label(c, a, b, &lb) && lb.kind == LB_ANNEX && lb.rest == b)
        return 1; /* 附件 / 附件1 on its own line: annex content follows */
    if (match_label(c, a, b, &lb) && lb.kind == LB_ANNEX && lb.number >= 0)
        return 1; /* 附件1：title */
    if (wrapper && title_like(c, j))
        return 1;
    return 0;
}

static void build_signature(ctx *c, nl_node *root, nl_meta *m, size_t first_issuer, size_t d)
{
    size_t a, b;
    line_range(c, first_issuer, &a, &b);
    nl_node *sig = mk(c, NL_NODE_SIGNATURE, root, first_issuer, a, b);
    for (size_t k = first_issuer; k < d; k++) {
        if (line_empty(c, k))
            continue;
        line_node(c, NL_NODE_ISSUER, sig, k);
        line_range(c, k, &a, &b);
        extend(sig, k, b);
    }
    nl_node *dn = line_node(c, NL_NODE_DATE, sig, d);
    extend(sig, d, dn->span.end);
    m->signature = sig;
    m->signed_date.span = dn->span;
    nl_date_parse(c->t + dn->span.start, nl_span_len(dn->span), &m->signed_date.date);
}

/* Issuer lines directly above the date line d (at most 4), not before `floor`. */
static size_t issuers_above(const ctx *c, size_t d, size_t floor)
{
    size_t k = d;
    int n = 0;
    while (k > floor && n < 4) {
        size_t p = k - 1;
        if (line_empty(c, p))
            break;
        if (!issuer_line(c, p))
            break;
        k = p;
        n++;
    }
    return k;
}

/* Annex contents after the signature: each 附件N label opens an annex. */
static void annex_contents(ctx *c, nl_node *root, size_t l0, size_t l1)
{
    nl_node *annex = NULL;
    for (size_t i = l0; i < l1; i++) {
        size_t a, b;
        label lb;
        line_range(c, i, &a, &b);
        if (a == b)
            continue;
        if (note_line(c, i)) {
            line_node(c, NL_NODE_NOTE, root, i);
            annex = NULL;
            continue;
        }
        if (match_label(c, a, b, &lb) && lb.kind == LB_ANNEX && (lb.rest == b || lb.number >= 0)) {
            annex = line_node(c, NL_NODE_ANNEX, root, i);
            annex->label = lb.span;
            annex->number = lb.number;
            annex->form = lb.form;
            if (lb.rest < b) {
                annex->heading.start = lb.rest;
                annex->heading.end = b;
            }
            continue;
        }
        if (!annex) {
            line_node(c, NL_NODE_PARAGRAPH, root, i);
            continue;
        }
        if (nl_span_empty(annex->heading) && annex->last_line == annex->first_line && title_like(c, i)) {
            annex->heading.start = a;
            annex->heading.end = b;
            extend(annex, i, b);
            continue;
        }
        line_node(c, NL_NODE_PARAGRAPH, annex, i);
        extend(annex, i, b);
    }
}

static int wrapper_title(const ctx *c, const nl_meta *m)
{
    if (nl_span_empty(m->title))
        return 0;
    const char *s = c->t + m->title.start;
    size_t n = nl_span_len(m->title);
    static const char *const verbs[] = {"印发", "发布", "转发", "颁布", "公布", "修订印发"};
    int verb = 0;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (nl_contains(s, n, verbs[i]))
            verb = 1;
    return verb && (nl_has_suffix(s, n, "的通知") || nl_has_suffix(s, n, "的决定") || nl_has_suffix(s, n, "的命令"));
}

static int body_has_articles(ctx *c, size_t l0, size_t l1, int *outline)
{
    int art = 0;
    *outline = 0;
    for (size_t i = l0; i < l1; i++) {
        size_t a, b;
        label lb;
        line_range(c, i, &a, &b);
        if (!match_label(c, a, b, &lb))
            continue;
        if (lb.kind == LB_ARTICLE)
            art = 1;
        else if (lb.kind == LB_O1 || lb.kind == LB_O2)
            *outline = 1;
    }
    return art;
}

static void parse_part(ctx *c, nl_docpart *part, size_t l0, size_t l1, const nl_meta *outer);

static void parse_body(ctx *c, nl_docpart *part, size_t l0, size_t l1)
{
    int outline;
    nl_node *root = &part->node;
    if (body_has_articles(c, l0, l1, &outline)) {
        part->meta.style = NL_STYLE_ARTICLES;
        body_articles(c, root, l0, l1);
    } else {
        part->meta.style = outline ? NL_STYLE_OUTLINE : NL_STYLE_NONE;
        body_outline(c, root, l0, l1);
    }
}

/* 版头 at line i: ××人民政府令 above a 令 number (*order_header set, the
   name recorded as the title and the number as the 文号), or ××人民政府文件
   (a note). Returns the line the header goes on from. */
static size_t header_banner(ctx *c, nl_node *root, nl_meta *m, size_t i, size_t l1, int *order_header)
{
    size_t a, b;
    nl_docnum dn;
    line_range(c, i, &a, &b);
    if (cp_count(c, a, b) > 30 || has_sentence_punct(c->t + a, b - a))
        return i;
    size_t j = next_nonempty(c, i + 1, l1);
    if (nl_has_suffix(c->t + a, b - a, "令") && j < l1 && docnum_line(c, j, &dn) && dn.is_order) {
        nl_node *t = line_node(c, NL_NODE_TITLE, root, i);
        m->title = t->span;
        line_node(c, NL_NODE_DOC_NUMBER, root, j);
        m->docnum = dn;
        *order_header = 1;
        extend(root, j, b);
        return next_nonempty(c, j + 1, l1);
    }
    if (nl_has_suffix(c->t + a, b - a, "文件") && j < l1) {
        line_node(c, NL_NODE_NOTE, root, i);
        return j;
    }
    return i;
}

/* The title starting at line i: up to three lines until one ends with a
   genre word. Records it; returns the first non-empty line after it. */
static size_t header_title(ctx *c, nl_node *root, nl_meta *m, size_t i, size_t l1)
{
    size_t first = i, last = i;
    size_t a, b;
    nl_docnum dn;
    line_range(c, i, &a, &b);
    if (!ends_with_genre(c, a, b)) {
        size_t j = i;
        for (int k = 0; k < 2; k++) {
            size_t nx = next_nonempty(c, j + 1, l1);
            if (nx >= l1 || nx != j + 1 || !title_like(c, nx) || docnum_line(c, nx, &dn))
                break;
            size_t xa, xb;
            line_range(c, nx, &xa, &xb);
            j = nx;
            if (ends_with_genre(c, xa, xb)) {
                last = nx;
                break;
            }
        }
    }
    nl_node *t = line_node(c, NL_NODE_TITLE, root, first);
    size_t ea, eb;
    line_range(c, last, &ea, &eb);
    extend(t, last, eb);
    m->title = t->span;
    return next_nonempty(c, last + 1, l1);
}

/* 题注 from line i on: history lines (2003年12月31日…通过) and parenthesised
   remarks, each a note. Returns the first line after them. */
static size_t header_notes(ctx *c, nl_node *root, const nl_meta *m, size_t i, size_t l1)
{
    while (i < l1) {
        size_t a, b;
        line_range(c, i, &a, &b);
        nl_date d;
        size_t k = nl_date_parse(c->t + a, b - a, &d);
        int history = k > 0 && cp_count(c, a, b) <= 200 &&
                      (nl_contains(c->t + a, b - a, "通过") || nl_contains(c->t + a, b - a, "修正") ||
                       nl_contains(c->t + a, b - a, "修订") || nl_contains(c->t + a, b - a, "公布") ||
                       nl_contains(c->t + a, b - a, "发布") || nl_contains(c->t + a, b - a, "批准") ||
                       nl_contains(c->t + a, b - a, "施行"));
        int paren = (nl_has_prefix(c->t + a, b - a, "（") && nl_has_suffix(c->t + a, b - a, "）") &&
                     cp_count(c, a, b) <= 200 && !nl_span_empty(m->title));
        if (!history && !paren)
            break;
        line_node(c, NL_NODE_NOTE, root, i);
        i = next_nonempty(c, i + 1, l1);
    }
    return i;
}

/* 主送机关 from line i: one to five lines, the last ending with ：. Records
   it; returns the first non-empty line after it, or i when there is none. */
/* 1 when lines [i, j] (j ending in ：) name addressees, as a 主送机关 does:
   not a salutation (同志们：, a speech has none), not the first paragraph of
   a report, a judicial interpretation or an amendment (为了……作如下修改：,
   现将有关情况报告如下：), which opens with its purpose or ends announcing
   what follows. */
static int recipient_like(const ctx *c, size_t i, size_t j)
{
    static const char *const openers[] = {"为", "根据", "按照", "依照", "依据", "经", "现将", "现就", "现对", "近年来",
                                          "今年", "截至", "自", "在", "对", "关于", "鉴于", "随着", "同志们", "各位",
                                          "女士们", "先生们", "朋友们", "尊敬的", "大家"};
    static const char *const announcing[] = {"如下：", "如下:", "如次：", "下列：", "以下：", "修改为：", "修改为:"};
    size_t a, b, ja, jb;
    line_range(c, i, &a, &b);
    line_range(c, j, &ja, &jb);
    for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++)
        if (nl_has_prefix(c->t + a, b - a, openers[k]))
            return 0;
    for (size_t k = 0; k < sizeof announcing / sizeof announcing[0]; k++)
        if (nl_has_suffix(c->t + ja, jb - ja, announcing[k]))
            return 0;
    return cp_count(c, a, jb) <= 300;
}

static size_t header_recipient(ctx *c, nl_node *root, nl_meta *m, size_t i, size_t l1)
{
    for (size_t j = i; j < l1 && j < i + 5; j++) {
        size_t a, b;
        label lb;
        line_range(c, j, &a, &b);
        if (a == b || nl_contains(c->t + a, b - a, "。") || match_label(c, a, b, &lb))
            break;
        if (nl_has_suffix(c->t + a, b - a, "：") || nl_has_suffix(c->t + a, b - a, ":")) {
            if (recipient_like(c, i, j)) {
                nl_node *r = line_node(c, NL_NODE_RECIPIENT, root, i);
                extend(r, j, b);
                m->recipient.start = r->span.start;
                m->recipient.end = b;
                return next_nonempty(c, j + 1, l1);
            }
            break;
        }
    }
    return i;
}

/* 1 when line i is the paragraph its author styled as the title (Word's
   Title, 标题): the title whatever it looks like (long, or with a 。) */
static int styled_title(const ctx *c, size_t i)
{
    const char *t = nl_doc_property(c->doc, NL_PROP_TITLE_STYLE);
    size_t a, b;
    line_range(c, i, &a, &b);
    return t && a < b && strlen(t) == b - a && memcmp(t, c->t + a, b - a) == 0;
}

/* The header of a part from line i on (版头, 文号, 标题, 题注, 主送机关), each
   recorded in m and as a node of root where present; *order_header is set
   for a 令's. Returns the first line of the body. */
static size_t parse_header(ctx *c, nl_node *root, nl_meta *m, size_t i, size_t l1, int *order_header)
{
    nl_docnum dn;
    *order_header = 0;
    if (i < l1)
        i = header_banner(c, root, m, i, l1, order_header);
    /* 文号 above the title (版头 layout) */
    if (!*order_header && i < l1 && docnum_line(c, i, &dn)) {
        line_node(c, NL_NODE_DOC_NUMBER, root, i);
        m->docnum = dn;
        i = next_nonempty(c, i + 1, l1);
    }
    if (!*order_header && i < l1 && (title_like(c, i) || styled_title(c, i)))
        i = header_title(c, root, m, i, l1);
    /* 文号 below the title (published layout), or a parenthesised 令 number */
    if (i < l1 && nl_span_empty(m->docnum.span) && docnum_line(c, i, &dn)) {
        line_node(c, NL_NODE_DOC_NUMBER, root, i);
        m->docnum = dn;
        i = next_nonempty(c, i + 1, l1);
    }
    i = header_notes(c, root, m, i, l1);
    if (i < l1 && !nl_span_empty(m->title))
        i = header_recipient(c, root, m, i, l1);
    return i;
}

/* The first line from i on (before l1) that is the 成文日期 of a signature,
   with *after set to the line after the notes that follow it; l1 (and *after
   l1) when there is none. */
static size_t find_signature(const ctx *c, size_t i, size_t l1, int wrapper, size_t *after)
{
    for (size_t j = i; j < l1; j++) {
        size_t aft;
        if (signature_at(c, j, l1, wrapper, &aft)) {
            *after = aft;
            return j;
        }
    }
    *after = l1;
    return l1;
}

/* The text a wrapper issues, from line `after` (below its signature) to l1:
   an NL_NODE_ENCLOSED part of `part`, recognised like a document of its own.
   Returns it, or NULL when out of memory (c->oom set). */
static nl_docpart *parse_enclosed(ctx *c, nl_docpart *part, size_t after, size_t l1, int order_header)
{
    nl_node *root = &part->node;
    nl_meta *m = &part->meta;
    size_t a, b;
    label lb;
    line_range(c, after, &a, &b);
    size_t start = after;
    /* 附件 on its own line before the issued text */
    if (match_label(c, a, b, &lb) && lb.kind == LB_ANNEX && lb.rest == b) {
        line_node(c, NL_NODE_NOTE, root, after);
        start = next_nonempty(c, after + 1, l1);
    }
    nl_docpart *enclosed = nl_doc_part_new(c->doc, NL_NODE_ENCLOSED);
    if (!enclosed) {
        c->oom = 1;
        return NULL;
    }
    nl_node_append(root, &enclosed->node);
    enclosed->node.level = root->level + 1;
    parse_part(c, enclosed, start, l1, m);
    if (order_header) {
        /* a 令 publishes the rule on the order's date */
        enclosed->meta.published = m->signed_date;
        m->published = m->signed_date;
    }
    return enclosed;
}

/* Metadata from the part's own lines [l0, own_end) (an enclosed part has its
   own) and its title: effective date, validity, 试行/暂行, document type. */
static void part_metadata(ctx *c, nl_meta *m, size_t l0, size_t own_end, int order_header, const nl_meta *outer,
                          const nl_meta *inner)
{
    find_effective(c, m, l0, own_end);
    find_validity(c, m, l0, own_end);
    if (!nl_span_empty(m->title)) {
        const char *s = c->t + m->title.start;
        size_t n = nl_span_len(m->title);
        m->trial = nl_contains(s, n, "试行") || nl_contains(s, n, "暂行");
    }
    nl_doctype_infer(c->doc, m, order_header, outer, inner);
}

/* Recognises lines [l0, l1) as one part: header, body, signature, then
   either the part a wrapper issues or the annexes. outer is the meta of the
   wrapper this part is enclosed in, or NULL. */
static void parse_part(ctx *c, nl_docpart *part, size_t l0, size_t l1, const nl_meta *outer)
{
    nl_node *root = &part->node;
    nl_meta *m = &part->meta;
    size_t i = next_nonempty(c, l0, l1);
    int order_header;

    root->first_line = i < l1 ? i : l0;
    root->last_line = root->first_line;
    if (i < l1) {
        size_t a, b;
        line_range(c, i, &a, &b);
        root->span.start = root->span.end = a;
    }
    i = parse_header(c, root, m, i, l1, &order_header);

    /* find the signature; a wrapper splits there */
    int wrapper = order_header || wrapper_title(c, m);
    size_t after;
    size_t sig_date = find_signature(c, i, l1, wrapper, &after);
    size_t body_end = l1;
    if (sig_date < l1)
        body_end = issuers_above(c, sig_date, i);

    parse_body(c, part, i, body_end);
    if (sig_date < l1) {
        build_signature(c, root, m, body_end, sig_date);
        for (size_t j = sig_date + 1; j < after; j++)
            if (note_line(c, j))
                line_node(c, NL_NODE_NOTE, root, j);
    }

    nl_docpart *enclosed = NULL;
    size_t rest = sig_date < l1 ? after : l1;
    if (sig_date < l1 && wrapper && after < l1) {
        enclosed = parse_enclosed(c, part, after, l1, order_header);
        rest = l1;
    }
    if (rest < l1)
        annex_contents(c, root, rest, l1);

    part_metadata(c, m, l0, enclosed ? enclosed->node.first_line : l1, order_header, outer,
                  enclosed ? &enclosed->meta : NULL);

    /* the part spans everything it covers */
    for (nl_node *k = root->first_child; k; k = k->next) {
        if (k->span.start < root->span.start)
            root->span.start = k->span.start;
        extend(root, k->last_line, k->span.end);
    }
}

nl_status nl_doc_recognise(nl_doc *doc, nl_error *err)
{
    if (doc->root)
        return NL_OK;
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.t = doc->text;
    nl_docpart *root = nl_doc_part_new(doc, NL_NODE_DOCUMENT);
    if (!root)
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, "out of memory while recognising the structure");
    root->node.level = 0;
    nl_doc_resolve_directives(doc);
    size_t last = 0;
    c.labels = doc->nlines ? calloc(doc->nlines, sizeof *c.labels) : NULL; /* without it: uncached */
    c.last = &last;
    size_t body_end = doc->has_notes ? doc->notes_from : doc->nlines;
    parse_part(&c, root, 0, body_end, NULL);
    for (size_t i = body_end; i < doc->nlines; i++) /* footnotes and endnotes: each a note of its own */
        if (!line_empty(&c, i)) {
            nl_node *n = line_node(&c, NL_NODE_FOOTNOTE, &root->node, i);
            extend(&root->node, i, n->span.end);
        }
    free(c.labels);
    fix_levels(&root->node);
    if (c.oom)
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, "out of memory while recognising the structure");
    doc->root = root;
    nl_doc_index_nodes(doc);
    nl_doc_resolve_issuer_places(doc);
    return NL_OK;
}
