/*
 * docx.c — the DOCX loader: word/document.xml streamed with the XML pull
 * reader, one model line per paragraph (w:p) in body order, including
 * paragraphs in tables, content controls and text boxes.
 *
 * What a reader of the document sees is what the model holds:
 * - runs are joined exactly; w:tab is a tab, w:br/w:cr a line break inside
 *   the paragraph (NL_LINE_SEPARATOR: a line of the model is a paragraph; a
 *   page or column break adds nothing), w:noBreakHyphen "-", w:softHyphen
 *   nothing, w:sym its character;
 * - tracked changes: inserted text is in, deleted text out (w:del, w:moveFrom);
 *   with revisions=original the reverse; a paragraph whose mark and text were
 *   deleted disappears, as it does in Word;
 * - fields show their result (w:instrText is never read);
 * - mc:AlternateContent keeps mc:Choice and drops mc:Fallback, so a text box
 *   is read once;
 * - automatic numbering (word/numbering.xml, also through paragraph styles)
 *   is rendered into the line (第一条, （一）, 1.) with counters per list and
 *   level, restarts of deeper levels, start overrides;
 * - headers, footers and comments live in other parts and are not read;
 *   footnotes and endnotes neither, unless asked for (nl_load_opts.notes):
 *   then each of their paragraphs is a line of its part after the body;
 * - a table cell's paragraphs know their row (nl_line.row);
 * Each line's locator is the part word/document.xml and the paragraph ordinal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "load/docx.h"
#include "load/loader.h"
#include "load/numfmt.h"
#include "load/props.h"
#include "load/xml.h"
#include "load/zip.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MAX_LISTS 4096
#define LEVELS 9

static int is_w(const nl_xml *x)
{
    const char *ns = nl_xml_ns(x);
    return strcmp(ns, W_NS) == 0 || strcmp(ns, W_NS_STRICT) == 0;
}

static const char *wattr(nl_xml *x, const char *name)
{
    const char *v = nl_xml_attr(x, W_NS, name);
    return v ? v : nl_xml_attr(x, W_NS_STRICT, name);
}

/* ---- numbering ---- */

typedef struct level {
    nl_numfmt fmt;
    char text[96]; /* lvlText, e.g. "第%1条" */
    long start;
    int suff; /* 0 tab, 1 space, 2 nothing */
    int defined;
} level;

typedef struct abstract_num {
    char id[24];
    level lv[LEVELS];
    long count[LEVELS]; /* last value shown per level, 0 = not yet */
} abstract_num;

typedef struct num {
    char id[24];
    int abs; /* index into abstracts, -1 unknown */
    long override[LEVELS];
    int has_override[LEVELS];
    int started; /* overrides applied */
} num;

typedef struct pstyle {
    char id[64];
    char based_on[64];
    char num_id[24];
    int ilvl;
    int title; /* named Title / 标题 */
} pstyle;

typedef struct numbering {
    abstract_num *abs;
    size_t nabs, abs_cap;
    num *nums;
    size_t nnums, nums_cap;
    pstyle *styles;
    size_t nstyles, styles_cap;
} numbering;

static void numbering_free(numbering *nb)
{
    free(nb->abs);
    free(nb->nums);
    free(nb->styles);
}

static long to_long(const char *s, long dflt)
{
    if (!s || !*s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    return *end ? dflt : v;
}

static void copy_id(char *dst, size_t size, const char *s) { snprintf(dst, size, "%s", s ? s : ""); }

/* Read word/numbering.xml. Problems in it degrade to unnumbered paragraphs,
   never to a failed document: numbering is presentation. */
static nl_status read_numbering(numbering *nb, const char *path, const char *xml, size_t len, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = nl_xml_open(&x, path, "word/numbering.xml", xml, len, 0, 0, err);
    if (st != NL_OK)
        return st;
    abstract_num *cur_abs = NULL;
    num *cur_num = NULL;
    int cur_lvl = -1, in_override = -1;
    nl_xml_event ev;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        if (!is_w(x))
            continue;
        const char *name = nl_xml_name(x);
        if (ev == NL_XML_END) {
            if (strcmp(name, "abstractNum") == 0)
                cur_abs = NULL;
            else if (strcmp(name, "num") == 0)
                cur_num = NULL;
            else if (strcmp(name, "lvl") == 0)
                cur_lvl = -1;
            else if (strcmp(name, "lvlOverride") == 0)
                in_override = -1;
            continue;
        }
        if (ev != NL_XML_START)
            continue;
        if (strcmp(name, "abstractNum") == 0 && nb->nabs < MAX_LISTS) {
            if (nl_grow((void **)&nb->abs, &nb->abs_cap, nb->nabs, sizeof *nb->abs, 8) != 0)
                break;
            cur_abs = &nb->abs[nb->nabs++];
            memset(cur_abs, 0, sizeof *cur_abs);
            copy_id(cur_abs->id, sizeof cur_abs->id, wattr(x, "abstractNumId"));
        } else if (strcmp(name, "num") == 0 && nb->nnums < MAX_LISTS) {
            if (nl_grow((void **)&nb->nums, &nb->nums_cap, nb->nnums, sizeof *nb->nums, 8) != 0)
                break;
            cur_num = &nb->nums[nb->nnums++];
            memset(cur_num, 0, sizeof *cur_num);
            cur_num->abs = -1;
            copy_id(cur_num->id, sizeof cur_num->id, wattr(x, "numId"));
        } else if (strcmp(name, "abstractNumId") == 0 && cur_num) {
            const char *v = wattr(x, "val");
            for (size_t i = 0; v && i < nb->nabs; i++)
                if (strcmp(nb->abs[i].id, v) == 0)
                    cur_num->abs = (int)i;
        } else if (strcmp(name, "lvlOverride") == 0 && cur_num) {
            long l = to_long(wattr(x, "ilvl"), -1);
            in_override = l >= 0 && l < LEVELS ? (int)l : -1;
        } else if (strcmp(name, "startOverride") == 0 && cur_num && in_override >= 0) {
            cur_num->override[in_override] = to_long(wattr(x, "val"), 1);
            cur_num->has_override[in_override] = 1;
        } else if (strcmp(name, "lvl") == 0 && cur_abs) {
            long l = to_long(wattr(x, "ilvl"), -1);
            cur_lvl = l >= 0 && l < LEVELS ? (int)l : -1;
            if (cur_lvl >= 0) {
                level *lv = &cur_abs->lv[cur_lvl];
                lv->defined = 1;
                lv->start = 1;
                lv->fmt = NL_NUMFMT_DECIMAL;
            }
        } else if (cur_abs && cur_lvl >= 0) {
            level *lv = &cur_abs->lv[cur_lvl];
            const char *v = wattr(x, "val");
            if (strcmp(name, "start") == 0)
                lv->start = to_long(v, 1);
            else if (strcmp(name, "numFmt") == 0)
                lv->fmt = nl_numfmt_parse(v);
            else if (strcmp(name, "lvlText") == 0)
                copy_id(lv->text, sizeof lv->text, v);
            else if (strcmp(name, "suff") == 0)
                lv->suff = v && strcmp(v, "space") == 0 ? 1 : v && strcmp(v, "nothing") == 0 ? 2 : 0;
        }
    }
    if (ev == NL_XML_ERROR)
        st = nl_xml_error(x, err);
    nl_xml_free(x);
    return st;
}

/* Paragraph styles with numbering (Chinese templates number 第X条 through a
   style). */
static nl_status read_styles(numbering *nb, const char *path, const char *xml, size_t len, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = nl_xml_open(&x, path, "word/styles.xml", xml, len, 0, 0, err);
    if (st != NL_OK)
        return st;
    pstyle *cur = NULL;
    nl_xml_event ev;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        if (!is_w(x))
            continue;
        const char *name = nl_xml_name(x);
        if (ev == NL_XML_END) {
            if (strcmp(name, "style") == 0)
                cur = NULL;
            continue;
        }
        if (ev != NL_XML_START)
            continue;
        if (strcmp(name, "style") == 0) {
            const char *type = wattr(x, "type");
            if ((type && strcmp(type, "paragraph") != 0) || nb->nstyles >= MAX_LISTS)
                continue;
            if (nl_grow((void **)&nb->styles, &nb->styles_cap, nb->nstyles, sizeof *nb->styles, 16) != 0)
                break;
            cur = &nb->styles[nb->nstyles++];
            memset(cur, 0, sizeof *cur);
            copy_id(cur->id, sizeof cur->id, wattr(x, "styleId"));
        } else if (cur && strcmp(name, "name") == 0) {
            const char *v = wattr(x, "val");
            cur->title = v && (strcmp(v, "Title") == 0 || strcmp(v, "title") == 0 || strcmp(v, "标题") == 0);
        } else if (cur && strcmp(name, "basedOn") == 0) {
            copy_id(cur->based_on, sizeof cur->based_on, wattr(x, "val"));
        } else if (cur && strcmp(name, "numId") == 0) {
            copy_id(cur->num_id, sizeof cur->num_id, wattr(x, "val"));
        } else if (cur && strcmp(name, "ilvl") == 0) {
            long l = to_long(wattr(x, "val"), 0);
            cur->ilvl = l >= 0 && l < LEVELS ? (int)l : 0;
        }
    }
    if (ev == NL_XML_ERROR)
        st = nl_xml_error(x, err);
    nl_xml_free(x);
    return st;
}

/* Numbering of a style, following basedOn a few steps. */
static const pstyle *style_numbering(const numbering *nb, const char *id)
{
    for (int hops = 0; id && *id && hops < 8; hops++) {
        const pstyle *s = NULL;
        for (size_t i = 0; i < nb->nstyles; i++)
            if (strcmp(nb->styles[i].id, id) == 0)
                s = &nb->styles[i];
        if (!s)
            return NULL;
        if (s->num_id[0])
            return s;
        id = s->based_on;
    }
    return NULL;
}

static int style_is_title(const numbering *nb, const char *id)
{
    for (size_t i = 0; id && *id && i < nb->nstyles; i++)
        if (strcmp(nb->styles[i].id, id) == 0)
            return nb->styles[i].title;
    return 0;
}

/* Advance the counters of list num_id at level ilvl and render its label. */
static void render_label(numbering *nb, const char *num_id, int ilvl, nl_buf *out)
{
    num *n = NULL;
    for (size_t i = 0; i < nb->nnums; i++)
        if (strcmp(nb->nums[i].id, num_id) == 0)
            n = &nb->nums[i];
    if (!n || n->abs < 0 || ilvl < 0 || ilvl >= LEVELS)
        return;
    abstract_num *a = &nb->abs[n->abs];
    if (!n->started) {
        /* a list instance with start overrides restarts its levels */
        for (int l = 0; l < LEVELS; l++)
            if (n->has_override[l])
                a->count[l] = n->override[l] - 1, a->lv[l].start = n->override[l];
        n->started = 1;
    }
    level *lv = &a->lv[ilvl];
    if (!lv->defined)
        return;
    a->count[ilvl] = a->count[ilvl] ? a->count[ilvl] + 1 : lv->start;
    if (a->count[ilvl] < lv->start)
        a->count[ilvl] = lv->start;
    for (int l = ilvl + 1; l < LEVELS; l++)
        a->count[l] = 0;
    if (lv->fmt == NL_NUMFMT_NONE)
        return;
    if (lv->fmt == NL_NUMFMT_BULLET) {
        nl_buf_puts(out, lv->text); /* the bullet character itself */
        nl_buf_puts(out, lv->suff == 2 ? "" : lv->suff == 1 ? " " : "\t");
        return;
    }
    for (const char *p = lv->text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            long v = a->count[l] ? a->count[l] : a->lv[l].start;
            char tmp[64];
            nl_numfmt_render(l == ilvl || !a->lv[l].defined ? lv->fmt : a->lv[l].fmt, v, tmp, sizeof tmp);
            nl_buf_puts(out, tmp);
            p++;
        } else {
            nl_buf_put(out, p, 1);
        }
    }
    if (lv->suff == 0)
        nl_buf_puts(out, "\t");
    else if (lv->suff == 1)
        nl_buf_puts(out, " ");
}

/* ---- the document part ---- */

/* A comment's anchor (w:commentRangeStart/End, or the paragraph holding its
   w:commentReference when it has no range), as byte offsets of the model
   text once the paragraphs are appended. */
#define MAX_ANCHORS 4096
#define PARA_MARKS 32
typedef struct anchor {
    char id[24];
    size_t start, end, ref_start, ref_end;
    size_t line; /* paragraph ordinal of the start */
    int has_start, has_end, has_ref;
    int start_next; /* started between paragraphs: at the next line's start */
} anchor;

typedef struct mark {
    int anchor;
    int what; /* 0 start, 1 end, 2 reference */
    size_t offset; /* into the paragraph's text */
} mark;

typedef struct para {
    nl_buf text;
    char num_id[24];
    int ilvl, has_numpr;
    char style[64];
    int mark_deleted;
    mark marks[PARA_MARKS];
    int nmarks;
    nl_xnode *node;     /* mapped loads: the w:p */
    size_t first_piece; /* mapped loads: its first piece */
} para;

typedef struct docx_state {
    nl_doc *doc;
    numbering *nb;
    uint32_t part;
    uint32_t ordinal;
    int original; /* revisions=original */
    int join_next; /* the last line's paragraph mark was deleted: the next visible paragraph joins it */
    const char *part_name; /* the part being read: word/document.xml, or a notes part */
    int in_notes;          /* reading footnotes or endnotes: empty paragraphs (separators) are left out */
    int xml_depth;
    para stack[16];
    int depth;       /* paragraphs open */
    int del, ins;    /* inside w:del/w:moveFrom, w:ins/w:moveTo */
    int fallback;    /* inside mc:Fallback */
    int ppr;         /* inside w:pPr */
    int rpr_in_ppr;  /* inside w:pPr/w:rPr */
    int in_text;     /* inside w:t (or w:delText) that counts */
    int oom;
    anchor *anchors;
    int nanchors;
    nl_docx_map *map;  /* mapped loads only */
    int *piece_para;   /* per piece: the depth of its paragraph, -1 once resolved */
    size_t piece_para_cap;
    /* the namespace URIs seen, by pointer: the reader hands out interned
       strings, so each URI is compared once, not at every element */
    const char *ns_seen[8];
    int ns_kind[8];
    int nns;
    /* the namespace (NS_*) and tag (T_*) of each open element, as its START
       found them: its END needs no lookup */
    struct open_elem {
        unsigned char ns, tag;
    } *open;
    size_t nopen, open_cap;
} docx_state;

enum { NS_OTHER, NS_W, NS_MC };

static inline __attribute__((always_inline)) int ns_of(docx_state *s, const char *ns)
{
    for (int i = 0; i < s->nns; i++)
        if (s->ns_seen[i] == ns)
            return s->ns_kind[i];
    int k = strcmp(ns, W_NS) == 0 || strcmp(ns, W_NS_STRICT) == 0 ? NS_W : strcmp(ns, MC_NS) == 0 ? NS_MC : NS_OTHER;
    if (s->nns < 8) {
        s->ns_seen[s->nns] = ns;
        s->ns_kind[s->nns++] = k;
    }
    return k;
}

/* A mapped load: `n` bytes of visible text of node `node` go to the paragraph
   being built, at its current end (resolved to a model offset later). */
static void add_piece(docx_state *s, nl_xnode *node, size_t n)
{
    nl_docx_map *m = s->map;
    para *p = &s->stack[s->depth - 1];
    if (nl_grow((void **)&m->pieces, &m->cap, m->npieces, sizeof *m->pieces, 256) != 0 ||
        nl_grow((void **)&s->piece_para, &s->piece_para_cap, m->npieces, sizeof *s->piece_para, 256) != 0) {
        s->oom = 1;
        return;
    }
    m->pieces[m->npieces] = (nl_docx_piece){p->text.n, n, node, 0};
    s->piece_para[m->npieces++] = s->depth - 1;
}

/* The paragraph at depth `d` was appended as line `li` (SIZE_MAX: hidden),
   its text starting `label` bytes into the line: place its pieces. */
static void place_pieces(docx_state *s, const para *p, int d, size_t li, size_t label)
{
    nl_docx_map *m = s->map;
    const nl_line *ln = li != SIZE_MAX ? nl_doc_line(s->doc, li) : NULL;
    for (size_t i = p->first_piece; i < m->npieces; i++) {
        if (s->piece_para[i] != d)
            continue;
        s->piece_para[i] = -1;
        if (ln)
            m->pieces[i].start += ln->start + label;
        else
            m->pieces[i].node = NULL; /* hidden: dropped below */
    }
    if (ln) {
        if (li >= m->nparas) {
            size_t n = li + 1;
            if (nl_reserve((void **)&m->paras, &m->paras_cap, n, sizeof *m->paras, 64) != 0) {
                s->oom = 1;
                return;
            }
            for (size_t k = m->nparas; k < n; k++)
                m->paras[k] = NULL;
            m->nparas = n;
        }
        if (!m->paras[li]) /* a joined paragraph: the line keeps its first */
            m->paras[li] = p->node;
    }
}

static int find_anchor(docx_state *s, const char *id)
{
    if (!id)
        return -1;
    for (int i = 0; i < s->nanchors; i++)
        if (strcmp(s->anchors[i].id, id) == 0)
            return i;
    if (s->nanchors == MAX_ANCHORS)
        return -1;
    if (!s->anchors && !(s->anchors = calloc(MAX_ANCHORS, sizeof *s->anchors))) {
        s->oom = 1;
        return -1;
    }
    anchor *a = &s->anchors[s->nanchors];
    memset(a, 0, sizeof *a);
    copy_id(a->id, sizeof a->id, id);
    return s->nanchors++;
}

/* w:commentRangeStart/End or w:commentReference at paragraph `p` (NULL:
   between paragraphs) */
static void comment_mark(docx_state *s, para *p, int what, const char *id)
{
    int k = find_anchor(s, id);
    if (k < 0)
        return;
    anchor *a = &s->anchors[k];
    if (p && p->nmarks < PARA_MARKS) {
        p->marks[p->nmarks++] = (mark){k, what, p->text.n};
        if (what == 0)
            a->line = s->ordinal + 1;
        return;
    }
    /* between paragraphs (or too many marks in one): at a line boundary */
    size_t here = nl_doc_len(s->doc);
    if (what == 0) {
        a->has_start = 1;
        a->start_next = 1;
        a->start = here;
        a->line = s->ordinal + 1;
    } else if (what == 1) {
        a->has_end = 1;
        a->end = here;
    }
}

/* Resolve the marks of a paragraph just appended as line `li` (or hidden:
   li == SIZE_MAX) whose text begins `label` bytes into the line. */
static void resolve_marks(docx_state *s, para *p, size_t li, size_t label)
{
    const nl_line *ln = li != SIZE_MAX ? nl_doc_line(s->doc, li) : NULL;
    size_t base = ln ? ln->start + label : nl_doc_len(s->doc);
    for (int i = 0; ln && i < s->nanchors; i++)
        if (s->anchors[i].start_next) {
            s->anchors[i].start = ln->start;
            s->anchors[i].start_next = 0;
        }
    for (int i = 0; i < p->nmarks; i++) {
        anchor *a = &s->anchors[p->marks[i].anchor];
        size_t at = base + p->marks[i].offset;
        if (p->marks[i].what == 0) {
            a->start = at;
            a->has_start = 1;
        } else if (p->marks[i].what == 1) {
            a->end = at;
            a->has_end = 1;
        } else {
            a->ref_start = ln ? ln->start : base;
            a->ref_end = ln ? ln->end : base;
            a->has_ref = 1;
            if (!a->line)
                a->line = s->ordinal;
        }
    }
}


static int visible(const docx_state *s) { return s->original ? s->ins == 0 : s->del == 0; }

/* The automatic number of paragraph p (第一条, （一）) into line, if it has one */
static void paragraph_label(docx_state *s, const para *p, nl_buf *line)
{
    const char *num_id = p->has_numpr ? p->num_id : NULL;
    int ilvl = p->ilvl;
    if (!num_id || !*num_id) {
        const pstyle *ps = style_numbering(s->nb, p->style);
        if (ps && !p->has_numpr) {
            num_id = ps->num_id;
            ilvl = ps->ilvl;
        }
    }
    if (num_id && *num_id && strcmp(num_id, "0") != 0 && p->text.n > 0)
        render_label(s->nb, num_id, ilvl, line);
}

static nl_status end_paragraph(docx_state *s, nl_error *err)
{
    para *p = &s->stack[--s->depth];
    s->ordinal++;
    nl_status st = NL_OK;
    /* Word hides a paragraph whose mark and content were deleted, and joins
       one whose mark alone was deleted to the next paragraph */
    int hidden = (!s->original && p->mark_deleted && p->text.n == 0) || (s->in_notes && p->text.n == 0);
    if (!hidden) {
        int join = s->join_next && nl_doc_line_count(s->doc) > 0;
        const nl_line *last = join ? nl_doc_line(s->doc, nl_doc_line_count(s->doc) - 1) : NULL;
        size_t before = last ? last->end - last->start : 0; /* where the joined text starts in the line */
        nl_buf line = {0};
        if (!join)
            paragraph_label(s, p, &line);
        size_t label = line.n;
        if (p->text.n)
            nl_buf_put(&line, p->text.p, p->text.n);
        if (!join && !line.oom && line.n && style_is_title(s->nb, p->style) &&
            !nl_doc_property(s->doc, NL_PROP_TITLE_STYLE) &&
            nl_doc_set_property(s->doc, NL_PROP_TITLE_STYLE, line.p, line.n) != NL_OK)
            line.oom = 1;
        /* Only the label needs checking: the text is the reader's (UTF-8, as
           xml.h promises) and characters encoded here, whereas a label comes
           from lvlText, cut to fit its buffer perhaps inside a character. */
        if (line.oom || p->text.oom)
            st = nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(s->doc), "out of memory");
        else if (!nl_utf8_valid(line.p ? line.p : "", label, NULL))
            st = nl_error_set(err, NL_ERR_ENCODING, nl_doc_path(s->doc),
                              "%s paragraph %u is not valid UTF-8", s->part_name, s->ordinal);
        else if (join)
            st = nl_doc_extend_line(s->doc, line.p ? line.p : "", line.n);
        else
            st = nl_doc_append_line(s->doc, line.p ? line.p : "", line.n, s->part, s->ordinal);
        if (st == NL_OK) {
            size_t li = nl_doc_line_count(s->doc) - 1, at = before + line.n - p->text.n;
            resolve_marks(s, p, li, at);
            if (s->map)
                place_pieces(s, p, s->depth, li, at);
        }
        free(line.p);
        s->join_next = !s->original && p->mark_deleted;
    } else {
        resolve_marks(s, p, SIZE_MAX, 0);
        if (s->map)
            place_pieces(s, p, s->depth, SIZE_MAX, 0);
    }
    free(p->text.p);
    return st;
}

/* The elements of word/document.xml the loader acts on, named once per
   element instead of by a chain of string comparisons. */
enum {
    T_OTHER,
    T_FALLBACK,
    T_BR,
    T_COMMENTRANGEEND,
    T_COMMENTRANGESTART,
    T_COMMENTREFERENCE,
    T_CR,
    T_DEL,
    T_DELTEXT,
    T_ILVL,
    T_INS,
    T_MOVEFROM,
    T_MOVETO,
    T_NOBREAKHYPHEN,
    T_NUMID,
    T_P,
    T_PPR,
    T_PSTYLE,
    T_RPR,
    T_SYM,
    T_T,
    T_TAB,
    T_TR,
    /* Inert: nothing is done for them, but read_document() tries to skip
       them (see skippable()). */
    T_SECTPR,
    T_TBLGRID,
    T_TBLPR,
    T_TCPR,
    T_TRPR,
};

/* 1 if on_start()/on_end() act on the tag */
static int acts(int tag) { return tag != T_OTHER && tag < T_SECTPR; }

/* name[0..n) == lit: once inlined, a few byte comparisons against the
   literal (memcmp of three bytes would be a call) */
static inline int is(const char *name, size_t n, const char *lit)
{
    if (n != strlen(lit))
        return 0;
    for (size_t k = 0; k < n; k++)
        if (name[k] != lit[k])
            return 0;
    return 1;
}

/* The tag of local name name[0..n) (not NUL-terminated: the reader's bytes). */
static inline __attribute__((always_inline)) int tag_of(const char *name, size_t n)
{
    /* by first letter: most elements (w:r, w:rFonts, w:sz, ...) fall out after one or two comparisons */
    switch (n ? name[0] : 0) {
    case 'p':
        return n == 1 ? T_P : is(name, n, "pPr") ? T_PPR : is(name, n, "pStyle") ? T_PSTYLE : T_OTHER;
    case 'r':
        return is(name, n, "rPr") ? T_RPR : T_OTHER;
    case 't':
        if (n == 1)
            return T_T;
        return is(name, n, "tab")       ? T_TAB
               : is(name, n, "tr")      ? T_TR
               : is(name, n, "tblPr")   ? T_TBLPR
               : is(name, n, "tcPr")    ? T_TCPR
               : is(name, n, "trPr")    ? T_TRPR
               : is(name, n, "tblGrid") ? T_TBLGRID
                                        : T_OTHER;
    case 'c':
        if (n > 7 && memcmp(name, "comment", 7) == 0)
            return is(name + 7, n - 7, "RangeStart") ? T_COMMENTRANGESTART
                   : is(name + 7, n - 7, "RangeEnd") ? T_COMMENTRANGEEND
                   : is(name + 7, n - 7, "Reference") ? T_COMMENTREFERENCE
                                                      : T_OTHER;
        return is(name, n, "cr") ? T_CR : T_OTHER;
    case 'd':
        return is(name, n, "del") ? T_DEL : is(name, n, "delText") ? T_DELTEXT : T_OTHER;
    case 'm':
        return is(name, n, "moveFrom") ? T_MOVEFROM : is(name, n, "moveTo") ? T_MOVETO : T_OTHER;
    case 'i':
        return is(name, n, "ins") ? T_INS : is(name, n, "ilvl") ? T_ILVL : T_OTHER;
    case 'n':
        return is(name, n, "numId") ? T_NUMID : is(name, n, "noBreakHyphen") ? T_NOBREAKHYPHEN : T_OTHER;
    case 'b':
        return is(name, n, "br") ? T_BR : T_OTHER;
    case 's':
        return is(name, n, "sym") ? T_SYM : is(name, n, "sectPr") ? T_SECTPR : T_OTHER;
    case 'F':
        return is(name, n, "Fallback") ? T_FALLBACK : T_OTHER;
    default:
        return T_OTHER;
    }
}

/* A w:p starts: a paragraph pushed on the stack (one nested too deep is
   counted, not recorded). */
static void para_start(docx_state *s, nl_xml *x)
{
    if (s->depth == (int)(sizeof s->stack / sizeof s->stack[0])) {
        s->depth++; /* too deep: counted, not recorded */
        return;
    }
    memset(&s->stack[s->depth], 0, sizeof s->stack[0]);
    if (s->map) {
        s->stack[s->depth].node = nl_xml_node(x);
        s->stack[s->depth].first_piece = s->map->npieces;
    }
    s->depth++;
}

/* An element inside w:pPr starts, for the open paragraph p (or NULL): its
   style, its list numbering, or its mark deleted by a tracked change. */
static void ppr_start(docx_state *s, nl_xml *x, para *p, int tag)
{
    if (tag == T_RPR)
        s->rpr_in_ppr++;
    else if (s->rpr_in_ppr && (tag == T_DEL || tag == T_MOVEFROM) && p)
        p->mark_deleted = 1;
    else if (p && tag == T_PSTYLE)
        copy_id(p->style, sizeof p->style, wattr(x, "val"));
    else if (p && tag == T_NUMID) {
        copy_id(p->num_id, sizeof p->num_id, wattr(x, "val"));
        p->has_numpr = 1;
    } else if (p && tag == T_ILVL) {
        long l = to_long(wattr(x, "val"), 0);
        p->ilvl = l >= 0 && l < LEVELS ? (int)l : 0;
        p->has_numpr = 1;
    }
}

/* Run content starts in the recorded paragraph p: w:t and w:delText open
   a text taken when visible (deleted text only when reading the original),
   and a visible tab, line break, non-breaking hyphen or symbol adds its
   character. */
static void run_start(docx_state *s, nl_xml *x, para *p, int tag)
{
    if (tag == T_T) {
        s->in_text = visible(s);
    } else if (tag == T_DELTEXT) {
        s->in_text = s->original;
    } else if (!visible(s)) {
        return;
    } else if (tag == T_TAB) {
        nl_buf_puts(&p->text, "\t");
    } else if (tag == T_BR || tag == T_CR) {
        const char *type = wattr(x, "type");
        if (!type || strcmp(type, "textWrapping") == 0)
            nl_buf_puts(&p->text, NL_LINE_SEPARATOR_UTF8);
    } else if (tag == T_NOBREAKHYPHEN) {
        nl_buf_puts(&p->text, "-");
    } else if (tag == T_SYM) {
        const char *c = wattr(x, "char");
        unsigned long cp = c ? strtoul(c, NULL, 16) : 0;
        if (cp >= 0xF020 && cp <= 0xF0FF)
            cp -= 0xF000; /* symbol fonts use the private-use copy of ASCII */
        char enc[4];
        size_t k = cp >= 0x20 ? nl_utf8_encode((uint32_t)cp, enc) : 0;
        nl_buf_put(&p->text, enc, k);
    }
}

/* An element of namespace `ns` (not NS_OTHER) and tag `tag` (one that
   acts(): the others change nothing) starts. */
static void on_start(docx_state *s, nl_xml *x, int ns, int tag)
{
    if (ns == NS_MC) {
        if (tag == T_FALLBACK)
            s->fallback++;
        return;
    }
    if (ns != NS_W || s->fallback)
        return;
    para *p = s->depth > 0 ? &s->stack[s->depth - 1] : NULL;
    if (tag == T_P) {
        para_start(s, x);
        return;
    }
    if (tag == T_TR) { /* its cells' paragraphs are a row of the model */
        nl_doc_begin_row(s->doc);
        return;
    }
    if (tag == T_PPR) {
        s->ppr++;
        return;
    }
    if (tag == T_COMMENTRANGESTART || tag == T_COMMENTRANGEEND ||
        tag == T_COMMENTREFERENCE) {
        int what = tag == T_COMMENTRANGESTART ? 0 : tag == T_COMMENTRANGEEND ? 1 : 2;
        comment_mark(s, s->depth <= (int)(sizeof s->stack / sizeof s->stack[0]) ? p : NULL, what, wattr(x, "id"));
        return;
    }
    if (s->ppr) {
        ppr_start(s, x, p, tag);
        return; /* w:tab, w:br inside pPr are tab stops and such, not text */
    }
    if (tag == T_DEL || tag == T_MOVEFROM) {
        s->del++;
        return;
    }
    if (tag == T_INS || tag == T_MOVETO) {
        s->ins++;
        return;
    }
    if (!p || s->depth > (int)(sizeof s->stack / sizeof s->stack[0]))
        return;
    run_start(s, x, p, tag);
}

/* The same element ends. */
static void on_end(docx_state *s, int ns, int tag, nl_status *st, nl_error *err)
{
    if (ns == NS_MC) {
        if (tag == T_FALLBACK && s->fallback > 0)
            s->fallback--;
        return;
    }
    if (ns != NS_W || s->fallback)
        return;
    if (tag == T_P && s->depth > 0) {
        if (s->depth > (int)(sizeof s->stack / sizeof s->stack[0]))
            s->depth--;
        else if (*st == NL_OK)
            *st = end_paragraph(s, err);
        else
            free(s->stack[--s->depth].text.p);
    } else if (tag == T_TR) {
        nl_doc_end_row(s->doc);
    } else if (tag == T_PPR && s->ppr > 0) {
        s->ppr--;
    } else if (tag == T_RPR && s->rpr_in_ppr > 0) {
        s->rpr_in_ppr--;
    } else if ((tag == T_DEL || tag == T_MOVEFROM) && s->del > 0 && !s->ppr) {
        s->del--;
    } else if ((tag == T_INS || tag == T_MOVETO) && s->ins > 0 && !s->ppr) {
        s->ins--;
    } else if (tag == T_T || tag == T_DELTEXT) {
        s->in_text = 0;
    }
}

/* ---- skipping ----
   About half of the events of a generated draft are run properties
   (<w:rPr><w:rFonts .../></w:rPr> around every run) and paragraph
   properties (w:spacing, w:ind, w:jc), none of which the loader acts on:
   read_document() asks the reader to skip such subtrees (nl_xml_skip(),
   which checks them all the same). A skip must change nothing, and that is
   shown from the code below, not from the schema (which would forbid a w:t
   inside w:rPr, but a document need not obey it):
   - the events inside the element are what would be skipped. Elements for
     which wanted() is 0 are pushed on and popped off `open` and nothing
     else: on_start() and on_end() run only for tags that acts(). A text is
     taken only while in_text is set, and only on_start() (by way of
     run_start()) and on_end() change in_text. So when in_text is 0 and no
     element inside is wanted(), the events inside are no-ops; when one is
     wanted, the reader goes back and the element is read event by event as
     before;
   - the element itself has had its START handled, and read_document()
     handles its END after the skip exactly as if it had been read (on_end()
     when its tag acts: w:pPr's ppr--, w:rPr's rpr_in_ppr--).
   Which elements are tried is a matter of cost only: ones whose content is
   seldom wanted (properties: w:rPr, also in w:pPr where it is wanted only
   for a deleted paragraph mark; w:pPr, wanted for its style and numbering;
   w:sectPr, table, row and cell properties, the table grid). A refused try
   costs reading its elements twice.
   mc:Fallback is skipped without asking: inside it on_start() and on_end()
   return at once for every element but a nested mc:Fallback, which
   counts `fallback` up and back down, so with in_text 0 every event inside
   is a no-op, whatever it is (and its w:p, a text box's paragraphs, are the
   ones the loader drops on purpose). */

/* nl_xml_skip()'s question about an element inside the skipped one: 1 if
   read_document() would act on it. */
static int wanted(void *ud, const char *ns, const char *name, size_t n)
{
    return acts(tag_of(name, n)) && ns_of(ud, ns) != NS_OTHER;
}

/* How an element that just started may be skipped: 0 not, 1 asking wanted(),
   2 without asking. */
static int skippable(const docx_state *s, int ns, int tag)
{
    if (s->in_text)
        return 0;
    if (ns == NS_MC)
        return tag == T_FALLBACK ? 2 : 0;
    return ns == NS_W && (tag == T_RPR || tag == T_PPR || tag >= T_SECTPR);
}

static nl_status read_document(docx_state *s, const char *xml, size_t len, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = s->map ? nl_xml_open_tree(&x, s->map->tree, nl_doc_path(s->doc), s->part_name, s->xml_depth, err)
                          : nl_xml_open(&x, nl_doc_path(s->doc), s->part_name, xml, len, 0, s->xml_depth, err);
    if (st != NL_OK)
        return st;
    nl_xml_event ev;
    while (st == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF) {
        if (ev == NL_XML_ERROR) {
            st = nl_xml_error(x, err);
            break;
        }
        if (ev == NL_XML_START) {
            int ns = ns_of(s, nl_xml_ns(x)), tag = T_OTHER;
            if (ns != NS_OTHER) {
                size_t n;
                const char *name = nl_xml_local(x, &n);
                tag = tag_of(name, n);
            }
            if (s->nopen == s->open_cap &&
                nl_grow((void **)&s->open, &s->open_cap, s->nopen, sizeof *s->open, 64) != 0) {
                st = nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(s->doc), "out of memory");
                break;
            }
            s->open[s->nopen++] = (struct open_elem){(unsigned char)ns, (unsigned char)tag};
            if (acts(tag)) /* w:r, w:rFonts, ...: nothing to do */
                on_start(s, x, ns, tag);
            int how = ns != NS_OTHER ? skippable(s, ns, tag) : 0;
            if (how) { /* NL_XML_END: skipped, its END is handled below */
                ev = nl_xml_skip(x, how == 1 ? wanted : NULL, s);
                if (ev == NL_XML_ERROR) {
                    st = nl_xml_error(x, err);
                    break;
                }
            }
        }
        if (ev == NL_XML_END) {
            const struct open_elem *e = s->nopen ? &s->open[--s->nopen] : NULL;
            if (e && acts(e->tag))
                on_end(s, e->ns, e->tag, &st, err);
        } else if (ev == NL_XML_TEXT && s->in_text && s->depth > 0 &&
                   s->depth <= (int)(sizeof s->stack / sizeof s->stack[0])) {
            size_t n;
            const char *t = nl_xml_chars(x, &n);
            if (s->map && n)
                add_piece(s, nl_xml_node(x), n);
            nl_buf_put(&s->stack[s->depth - 1].text, t, n);
        }
    }
    while (s->depth > 0) {
        if (s->depth <= (int)(sizeof s->stack / sizeof s->stack[0]))
            free(s->stack[s->depth - 1].text.p);
        s->depth--;
    }
    free(s->open);
    s->open = NULL;
    s->nopen = s->open_cap = 0;
    nl_xml_free(x);
    return st;
}

/* word/footnotes.xml and word/endnotes.xml, read like the body after it
   (nl_load_opts.notes): each note's paragraphs become lines of their part */
static nl_status read_notes(docx_state *s, nl_zip *z, nl_error *err)
{
    static const char *const parts[] = {"word/footnotes.xml", "word/endnotes.xml"};
    nl_status st = NL_OK;
    s->map = NULL; /* annotate writes into the body only */
    s->in_notes = 1;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && st == NL_OK; i++) {
        char *xml = NULL;
        size_t len = 0;
        if (!nl_zip_has(z, parts[i]) || (st = nl_zip_read(z, parts[i], &xml, &len, err)) != NL_OK)
            continue;
        nl_doc_begin_notes(s->doc);
        if (nl_doc_add_part(s->doc, parts[i], &s->part) != NL_OK) {
            st = nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(s->doc), "out of memory");
        } else {
            s->part_name = parts[i];
            s->ordinal = 0;
            s->join_next = 0;
            st = read_document(s, xml, len, err);
        }
        free(xml);
    }
    return st;
}

/* word/comments.xml: each comment whose text starts with normlint-disable
   (or -next-line, read the same way) suppresses findings in its range. */
static nl_status read_comments(docx_state *s, const char *xml, size_t len, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = nl_xml_open(&x, nl_doc_path(s->doc), "word/comments.xml", xml, len, 0, s->xml_depth, err);
    if (st != NL_OK)
        return st;
    nl_buf text = {0};
    int cur = -1, in_t = 0, paras = 0;
    nl_xml_event ev;
    while (st == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF) {
        if (ev == NL_XML_ERROR) {
            st = nl_xml_error(x, err);
            break;
        }
        if (ev == NL_XML_TEXT) {
            if (cur >= 0 && in_t) {
                size_t n;
                const char *t = nl_xml_text(x, &n);
                nl_buf_put(&text, t, n);
            }
            continue;
        }
        if ((ev != NL_XML_START && ev != NL_XML_END) || !is_w(x))
            continue;
        const char *name = nl_xml_name(x);
        if (ev == NL_XML_START && strcmp(name, "comment") == 0) {
            const char *id = wattr(x, "id");
            cur = -1;
            for (int i = 0; id && i < s->nanchors; i++)
                if (strcmp(s->anchors[i].id, id) == 0)
                    cur = i;
            text.n = 0;
            paras = 0;
        } else if (ev == NL_XML_START && strcmp(name, "p") == 0 && cur >= 0) {
            if (paras++)
                nl_buf_put(&text, " ", 1);
        } else if (strcmp(name, "t") == 0) {
            in_t = ev == NL_XML_START;
        } else if (ev == NL_XML_END && strcmp(name, "comment") == 0 && cur >= 0) {
            const anchor *a = &s->anchors[cur];
            size_t start = a->has_start ? a->start : a->ref_start, end = a->has_end ? a->end : a->ref_end;
            if (!a->has_start && !a->has_ref)
                start = end;
            if (!a->has_end && !a->has_ref)
                end = a->has_start ? nl_doc_len(s->doc) : start;
            int taken = 0;
            if (text.oom || (text.n && nl_utf8_valid(text.p, text.n, NULL) &&
                             nl_doc_add_range_comment(s->doc, text.p, text.n, start, end, a->line, &taken) != NL_OK))
                st = nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(s->doc), "out of memory");
            cur = -1;
        }
    }
    nl_buf_free(&text);
    nl_xml_free(x);
    return st;
}

static int docx_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    if (!nl_zip_magic(data, len))
        return 0;
    /* the main part's name appears in the local headers or central directory */
    static const char needle[] = "word/document.xml";
    for (size_t i = 0; i + sizeof needle - 1 <= len; i++)
        if (data[i] == 'w' && memcmp(data + i, needle, sizeof needle - 1) == 0)
            return 1;
    return 0;
}

static int cmp_piece(const void *a, const void *b)
{
    const nl_docx_piece *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Keep the pieces of lines that exist, ordered by model offset. */
static void finish_map(nl_docx_map *m)
{
    size_t w = 0;
    for (size_t i = 0; i < m->npieces; i++)
        if (m->pieces[i].node)
            m->pieces[w++] = m->pieces[i];
    m->npieces = w;
    qsort(m->pieces, m->npieces, sizeof *m->pieces, cmp_piece);
}

void nl_docx_map_free(nl_docx_map *m)
{
    if (!m)
        return;
    nl_xtree_free(m->tree);
    free(m->pieces);
    free(m->paras);
    free(m);
}

static nl_status load_impl(nl_doc **out, nl_docx_map *map, const char *path, const unsigned char *data, size_t len,
                           const nl_load_opts *opts, nl_error *err)
{
    nl_zip *z = NULL;
    nl_doc *doc = NULL;
    numbering nb;
    char *xml = NULL;
    size_t xlen = 0;
    memset(&nb, 0, sizeof nb);
    *out = NULL;
    nl_zip_limits zl = {opts ? opts->zip_entries : 0, opts ? opts->zip_entry_size : 0, opts ? opts->zip_total_size : 0,
                        opts ? opts->zip_ratio : 0};
    nl_status st = nl_zip_open(&z, path, data, len, &zl, err);
    if (st != NL_OK)
        return st;
    if (!nl_zip_has(z, "word/document.xml")) {
        st = nl_error_set(err, NL_ERR_UNSUPPORTED, path, "is a ZIP archive without word/document.xml: not a DOCX file");
        goto done;
    }
    if (nl_zip_has(z, "word/numbering.xml")) {
        if ((st = nl_zip_read(z, "word/numbering.xml", &xml, &xlen, err)) != NL_OK ||
            (st = read_numbering(&nb, path, xml, xlen, err)) != NL_OK)
            goto done;
        free(xml);
        xml = NULL;
    }
    if (nl_zip_has(z, "word/styles.xml")) {
        if ((st = nl_zip_read(z, "word/styles.xml", &xml, &xlen, err)) != NL_OK ||
            (st = read_styles(&nb, path, xml, xlen, err)) != NL_OK)
            goto done;
        free(xml);
        xml = NULL;
    }
    if ((st = nl_zip_read(z, "word/document.xml", &xml, &xlen, err)) != NL_OK)
        goto done;
    if (map && (st = nl_xtree_parse(&map->tree, path, "word/document.xml", xml, xlen, err)) != NL_OK)
        goto done;
    if ((st = nl_doc_new(&doc, path, "docx", err)) != NL_OK)
        goto done;
    nl_doc_set_encoding(doc, "UTF-8");
    nl_doc_set_eol(doc, "none");
    docx_state s;
    memset(&s, 0, sizeof s);
    s.doc = doc;
    s.nb = &nb;
    s.original = opts && opts->revisions_original;
    s.map = map;
    s.xml_depth = opts ? opts->xml_depth : 0;
    s.part_name = "word/document.xml";
    if (nl_doc_add_part(doc, "word/document.xml", &s.part) != NL_OK) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    st = read_document(&s, xml, xlen, err);
    free(s.piece_para);
    if (st == NL_OK && s.oom)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    if (st == NL_OK && map)
        finish_map(map);
    if (st == NL_OK && opts && opts->notes)
        st = read_notes(&s, z, err);
    if (st == NL_OK && s.nanchors && nl_zip_has(z, "word/comments.xml")) {
        free(xml);
        xml = NULL;
        if ((st = nl_zip_read(z, "word/comments.xml", &xml, &xlen, err)) == NL_OK)
            st = read_comments(&s, xml, xlen, err);
    }
    free(s.anchors);
    if (st != NL_OK)
        goto done;
    if ((st = nl_load_props_part(doc, z, "docProps/core.xml", err)) != NL_OK)
        goto done;
    *out = doc;
    doc = NULL;
done:
    free(xml);
    numbering_free(&nb);
    nl_doc_free(doc);
    nl_zip_close(z);
    return st;
}

static nl_status docx_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                           const nl_load_opts *opts, nl_error *err)
{
    return load_impl(out, NULL, path, data, len, opts, err);
}

nl_status nl_docx_load_mapped(nl_doc **out, nl_docx_map **map, const char *path, const unsigned char *data,
                              size_t len, const nl_load_opts *opts, nl_error *err)
{
    *out = NULL;
    *map = calloc(1, sizeof **map);
    if (!*map)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    nl_status st = load_impl(out, *map, path, data, len, opts, err);
    if (st == NL_OK)
        st = nl_doc_recognise(*out, err);
    if (st == NL_OK && opts && opts->doc_type > 0)
        nl_doc_declare_type(*out, (nl_doctype)opts->doc_type, "由用户以 --doc-type 指定");
    if (st != NL_OK) {
        nl_doc_free(*out);
        *out = NULL;
        nl_docx_map_free(*map);
        *map = NULL;
    }
    return st;
}

static const char *const docx_extensions[] = {"docx", "docm", NULL};

const nl_loader nl_loader_docx = {"docx", docx_extensions, docx_sniff, docx_load};
