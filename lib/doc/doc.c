/*
 * doc.c — the document model: building the UTF-8 buffer and its line index,
 * accessors, positions (byte, code point, display column) and legal addresses.
 *
 * Text grows by doubling while a loader appends lines; after that it is never
 * reallocated, so spans and the line index stay valid for the document's life.
 */
#include <stddef.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "doc/doc_int.h"

static char *dupstr(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

nl_status nl_doc_new(nl_doc **out, const char *path, const char *format, nl_error *err)
{
    *out = NULL;
    nl_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    doc->path = dupstr(path ? path : "");
    doc->format = dupstr(format ? format : "text");
    doc->text = malloc(1);
    doc->parts = malloc(sizeof *doc->parts);
    if (!doc->path || !doc->format || !doc->text || !doc->parts) {
        nl_doc_free(doc);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    doc->text[0] = '\0';
    doc->cap = 1;
    doc->parts[0] = NULL;
    doc->nparts = 1;
    doc->parts_cap = 1;
    doc->encoding = "UTF-8";
    doc->eol = "none";
    *out = doc;
    return NL_OK;
}

nl_status nl_doc_add_part(nl_doc *doc, const char *name, uint32_t *idx)
{
    if (nl_grow((void **)&doc->parts, &doc->parts_cap, doc->nparts, sizeof *doc->parts, 8) != 0)
        return NL_ERR_NOMEM;
    doc->parts[doc->nparts] = dupstr(name);
    if (!doc->parts[doc->nparts])
        return NL_ERR_NOMEM;
    *idx = doc->nparts++;
    return NL_OK;
}

static int reserve_text(nl_doc *doc, size_t extra)
{
    return nl_reserve((void **)&doc->text, &doc->cap, doc->len + extra + 1, 1, 1) == 0;
}

nl_status nl_doc_append_line(nl_doc *doc, const char *utf8, size_t len, uint32_t part, uint32_t ordinal)
{
    if (nl_grow((void **)&doc->lines, &doc->lines_cap, doc->nlines, sizeof *doc->lines, 64) != 0)
        return NL_ERR_NOMEM;
    /* lines are separated by "\n": the first line needs none */
    size_t sep = doc->nlines ? 1 : 0;
    if (!reserve_text(doc, len + sep))
        return NL_ERR_NOMEM;
    if (sep)
        doc->text[doc->len++] = '\n';
    memcpy(doc->text + doc->len, utf8, len);
    nl_line *ln = &doc->lines[doc->nlines++];
    ln->start = doc->len;
    doc->len += len;
    ln->end = doc->len;
    ln->part = part;
    ln->ordinal = ordinal;
    ln->row = doc->row_depth > 0 ? doc->row_stack[(doc->row_depth < 16 ? doc->row_depth : 16) - 1] : 0;
    doc->text[doc->len] = '\0';
    return NL_OK;
}

void nl_doc_begin_notes(nl_doc *doc)
{
    if (!doc->has_notes) {
        doc->has_notes = 1;
        doc->notes_from = doc->nlines;
    }
}

void nl_doc_begin_row(nl_doc *doc)
{
    doc->rows++;
    if (doc->row_depth < 16)
        doc->row_stack[doc->row_depth] = doc->rows;
    doc->row_depth++; /* rows nested deeper than 16 tables belong to the 16th */
}

void nl_doc_end_row(nl_doc *doc)
{
    if (doc->row_depth > 0)
        doc->row_depth--;
}

nl_status nl_doc_set_format(nl_doc *doc, const char *format)
{
    char *f = dupstr(format);
    if (!f)
        return NL_ERR_NOMEM;
    free(doc->format);
    doc->format = f;
    return NL_OK;
}

nl_status nl_doc_extend_line(nl_doc *doc, const char *utf8, size_t len)
{
    if (doc->nlines == 0)
        return nl_doc_append_line(doc, utf8, len, 0, 1);
    if (!reserve_text(doc, len))
        return NL_ERR_NOMEM;
    memcpy(doc->text + doc->len, utf8, len);
    doc->len += len;
    doc->lines[doc->nlines - 1].end = doc->len;
    doc->text[doc->len] = '\0';
    return NL_OK;
}

nl_status nl_doc_add_page_mark(nl_doc *doc, size_t at, uint32_t page, uint32_t line)
{
    if (nl_grow((void **)&doc->pages, &doc->pages_cap, doc->npages, sizeof *doc->pages, 64) != 0)
        return NL_ERR_NOMEM;
    size_t base = doc->nlines ? doc->lines[doc->nlines - 1].start : 0;
    doc->pages[doc->npages++] = (nl_page_mark){base + at, page, line};
    return NL_OK;
}

/* Of n elements of `size` bytes at base, sorted by the size_t at byte `key`
   of each: the index of the last whose key is at most `offset` (0 when none
   is). Lines by their start, page marks by their offset. */
static size_t last_at_or_before(const void *base, size_t n, size_t size, size_t key, size_t offset)
{
    const char *p = base;
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, v;
        memcpy(&v, p + mid * size + key, sizeof v);
        if (v <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int nl_doc_page_at(const nl_doc *doc, size_t offset, size_t *page, size_t *line)
{
    if (!doc->npages)
        return 0;
    size_t i = last_at_or_before(doc->pages, doc->npages, sizeof *doc->pages, offsetof(nl_page_mark, offset), offset);
    *page = doc->pages[i].page;
    *line = doc->pages[i].line;
    return 1;
}

nl_status nl_doc_append_text(nl_doc *doc, const char *s, size_t len)
{
    int lf = 0, crlf = 0, cr = 0;
    size_t i = 0, start = 0;
    uint32_t ord = 1;
    nl_status st;

    if (!reserve_text(doc, len + 1))
        return NL_ERR_NOMEM;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        const char *crp = memchr(s + i, '\r', nl ? (size_t)(nl - (s + i)) : len - i);
        size_t brk, next;
        if (crp) {
            brk = (size_t)(crp - s);
            if (brk + 1 < len && s[brk + 1] == '\n') {
                crlf++;
                next = brk + 2;
            } else {
                cr++;
                next = brk + 1;
            }
        } else if (nl) {
            brk = (size_t)(nl - s);
            lf++;
            next = brk + 1;
        } else {
            break;
        }
        st = NL_OK;
        if (nl_doc_text_directive(doc, s + start, brk - start, ord, &st))
            st = nl_doc_append_line(doc, "", 0, 0, ord++); /* the directive's line stays, empty */
        else if (st == NL_OK)
            st = nl_doc_append_line(doc, s + start, brk - start, 0, ord++);
        if (st != NL_OK)
            return st;
        i = start = next;
    }
    if (start < len || doc->nlines == 0) {
        st = NL_OK;
        if (nl_doc_text_directive(doc, s + start, len - start, ord, &st))
            st = nl_doc_append_line(doc, "", 0, 0, ord);
        else if (st == NL_OK)
            st = nl_doc_append_line(doc, s + start, len - start, 0, ord);
        if (st != NL_OK)
            return st;
    }
    int kinds = (lf > 0) + (crlf > 0) + (cr > 0);
    doc->eol = kinds > 1 ? "mixed" : crlf ? "CRLF" : cr ? "CR" : lf ? "LF" : "none";
    return NL_OK;
}

void nl_doc_set_encoding(nl_doc *doc, const char *encoding) { doc->encoding = encoding; }
void nl_doc_set_eol(nl_doc *doc, const char *eol) { doc->eol = eol; }

/* The nodes in breadth-first order, where the children of every node sit
 * side by side: node[first[p] .. first[p] + count[p]) are the children of
 * node[p]. `ordered[p]` says that those children are sorted and disjoint
 * (each starts at or after the end of the one before), which is what lets
 * nl_doc_node_at() binary-search them. */
typedef struct nl_node_index {
    const nl_node **node;
    size_t *first, *count;
    unsigned char *ordered;
    size_t n;
} nl_node_index;

static void index_free(nl_node_index *ix)
{
    if (!ix)
        return;
    free(ix->node);
    free(ix->first);
    free(ix->count);
    free(ix->ordered);
    free(ix);
}

void nl_doc_index_nodes(nl_doc *doc)
{
    index_free(doc->index);
    doc->index = NULL;
    const nl_node *root = nl_doc_root(doc);
    if (!root)
        return;
    size_t n = 0;
    for (const nl_node *c = root; c; c = nl_node_next_preorder(c))
        n++;
    nl_node_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return;
    ix->node = malloc(n * sizeof *ix->node);
    ix->first = malloc(n * sizeof *ix->first);
    ix->count = malloc(n * sizeof *ix->count);
    ix->ordered = malloc(n);
    if (!ix->node || !ix->first || !ix->count || !ix->ordered) {
        index_free(ix);
        return;
    }
    size_t tail = 0;
    ix->node[tail++] = root;
    for (size_t p = 0; p < tail; p++) {
        const nl_node *prev = NULL;
        ix->first[p] = tail;
        ix->ordered[p] = 1;
        for (const nl_node *c = ix->node[p]->first_child; c; c = c->next) {
            if (tail == n) { /* the tree changed under us: no index */
                index_free(ix);
                return;
            }
            if (c->span.end < c->span.start || (prev && c->span.start < prev->span.end))
                ix->ordered[p] = 0;
            ix->node[tail++] = c;
            prev = c;
        }
        ix->count[p] = tail - ix->first[p];
    }
    ix->n = tail;
    doc->index = ix;
}

nl_node *nl_doc_node_new(nl_doc *doc, nl_node_kind kind)
{
    /* the tree is about to change */
    index_free(doc->index);
    doc->index = NULL;
    nl_node *n = nl_arena_alloc(&doc->arena, sizeof *n);
    if (n) {
        n->kind = kind;
        n->number = -1;
    }
    return n;
}

nl_docpart *nl_doc_part_new(nl_doc *doc, nl_node_kind kind)
{
    nl_docpart *p = nl_arena_alloc(&doc->arena, sizeof *p);
    if (p) {
        p->node.kind = kind;
        p->node.number = -1;
    }
    return p;
}

void nl_node_append(nl_node *parent, nl_node *child)
{
    child->parent = parent;
    child->prev = parent->last_child;
    child->next = NULL;
    if (parent->last_child)
        parent->last_child->next = child;
    else
        parent->first_child = child;
    parent->last_child = child;
}

void nl_doc_free(nl_doc *doc)
{
    if (!doc)
        return;
    for (uint32_t i = 0; i < doc->nparts; i++)
        free(doc->parts[i]);
    free(doc->parts);
    free(doc->lines);
    free(doc->pages);
    free(doc->directives);
    index_free(doc->index);
    free(doc->text);
    free(doc->path);
    free(doc->format);
    for (int i = 0; i < NL_PROP_COUNT; i++)
        free(doc->props[i]);
    nl_arena_free(&doc->arena);
    free(doc);
}

nl_status nl_doc_from_utf8(nl_doc **out, const char *name, const char *text, size_t len, nl_error *err)
{
    nl_doc *doc = NULL;
    nl_status st;
    size_t bad = 0;

    *out = NULL;
    if (!nl_utf8_valid(text, len, &bad))
        return nl_error_set(err, NL_ERR_ENCODING, name, "is not valid UTF-8 (invalid byte at offset %zu)",
                            bad);
    if ((st = nl_doc_new(&doc, name, "text", err)) != NL_OK)
        return st;
    if ((st = nl_doc_append_text(doc, text, len)) != NL_OK) {
        nl_doc_free(doc);
        return nl_error_set(err, st, name, "out of memory");
    }
    if ((st = nl_doc_recognise(doc, err)) != NL_OK) {
        nl_doc_free(doc);
        return st;
    }
    *out = doc;
    return NL_OK;
}

/* ---- accessors ---- */

const char *nl_doc_path(const nl_doc *doc) { return doc->path; }
const char *nl_doc_format(const nl_doc *doc) { return doc->format; }
const char *nl_doc_encoding(const nl_doc *doc) { return doc->encoding; }
const char *nl_doc_eol(const nl_doc *doc) { return doc->eol; }
const char *nl_doc_text(const nl_doc *doc) { return doc->text; }
size_t nl_doc_len(const nl_doc *doc) { return doc->len; }
size_t nl_doc_line_count(const nl_doc *doc) { return doc->nlines; }

const nl_line *nl_doc_line(const nl_doc *doc, size_t i)
{
    return i < doc->nlines ? &doc->lines[i] : NULL;
}

const char *nl_doc_part_name(const nl_doc *doc, uint32_t part)
{
    if (part == 0 || part >= doc->nparts)
        return "";
    return doc->parts[part];
}

const nl_node *nl_doc_root(const nl_doc *doc) { return doc->root ? &doc->root->node : NULL; }

const nl_meta *nl_doc_meta(const nl_doc *doc)
{
    static const nl_meta empty;
    return doc->root ? &doc->root->meta : &empty;
}

void nl_doc_declare_type(nl_doc *doc, nl_doctype t, const char *reason)
{
    if (!doc->root)
        return;
    /* the outer part and the parts it encloses (its children) */
    nl_node *n = &doc->root->node;
    for (nl_node *k = n; k; k = k == n ? n->first_child : k->next)
        if (k->kind == NL_NODE_DOCUMENT || k->kind == NL_NODE_ENCLOSED) {
            nl_meta *m = &((nl_docpart *)k)->meta;
            m->type = t;
            m->type_reason = reason;
            m->type_guessed = 0;
        }
}

const char *nl_doc_not_draft(const nl_doc *doc)
{
    const nl_meta *m = nl_doc_meta(doc);
    if (m->type != NL_DOCTYPE_UNKNOWN || !m->type_guessed || m->docnum.span.end > m->docnum.span.start ||
        m->style != NL_STYLE_NONE || m->effective_kind != NL_EFFECTIVE_NONE)
        return NULL;
    /* what is left is told by its script: a requirements.txt, a pom.xml or an
       English page is next to no Chinese, while a provision quoted alone, an
       untitled draft, an agreement or a 村规民约 is mostly Chinese */
    size_t cjk = 0, other = 0;
    for (const unsigned char *p = (const unsigned char *)nl_doc_text(doc); *p; p++) {
        if (*p >= 0xE4 && *p <= 0xE9)
            cjk++; /* the lead byte of a character in U+4000..U+9FFF */
        else if (*p < 0x80 && *p > ' ')
            other++;
    }
    if (cjk >= 10 && cjk * 4 >= other)
        return NULL;
    return "没有可识别的标题文种、文号或条款结构，也几乎没有中文，不是待审查的文件，未按规范性文件的规则检查"
           "（用 --doc-type normative 可强制检查）";
}

const nl_meta *nl_doc_node_meta(const nl_doc *doc, const nl_node *node)
{
    (void)doc;
    if (!node || (node->kind != NL_NODE_DOCUMENT && node->kind != NL_NODE_ENCLOSED))
        return NULL;
    return &((const nl_docpart *)node)->meta;
}

const char *nl_node_kind_name(nl_node_kind k)
{
    switch (k) {
    case NL_NODE_DOCUMENT: return "document";
    case NL_NODE_ENCLOSED: return "enclosed";
    case NL_NODE_TITLE: return "title";
    case NL_NODE_DOC_NUMBER: return "doc-number";
    case NL_NODE_RECIPIENT: return "recipient";
    case NL_NODE_PREAMBLE: return "preamble";
    case NL_NODE_CHAPTER: return "chapter";
    case NL_NODE_SECTION: return "section";
    case NL_NODE_ARTICLE: return "article";
    case NL_NODE_CLAUSE: return "clause";
    case NL_NODE_ITEM: return "item";
    case NL_NODE_SUBITEM: return "subitem";
    case NL_NODE_HEADING: return "heading";
    case NL_NODE_PARAGRAPH: return "paragraph";
    case NL_NODE_ANNEX: return "annex";
    case NL_NODE_SIGNATURE: return "signature";
    case NL_NODE_ISSUER: return "issuer";
    case NL_NODE_DATE: return "date";
    case NL_NODE_NOTE: return "note";
    case NL_NODE_TABLE: return "table";
    case NL_NODE_ROW: return "row";
    case NL_NODE_FOOTNOTE: return "footnote";
    case NL_NODE_KIND_COUNT: break;
    }
    return "unknown";
}

const char *nl_style_name(nl_style s)
{
    switch (s) {
    case NL_STYLE_NONE: return "none";
    case NL_STYLE_ARTICLES: return "articles";
    case NL_STYLE_OUTLINE: return "outline";
    }
    return "none";
}

/* ---- positions ---- */

size_t nl_doc_line_of(const nl_doc *doc, size_t offset)
{
    return last_at_or_before(doc->lines, doc->nlines, sizeof *doc->lines, offsetof(nl_line, start), offset);
}

nl_pos nl_doc_position(const nl_doc *doc, size_t offset)
{
    nl_pos p = {0, 1, 1, 1};
    if (offset > doc->len)
        offset = doc->len;
    p.offset = offset;
    if (doc->nlines == 0)
        return p;
    size_t li = nl_doc_line_of(doc, offset);
    const nl_line *ln = &doc->lines[li];
    p.line = li + 1;
    size_t i = ln->start;
    while (i < offset) {
        uint32_t cp;
        size_t n = nl_utf8_decode(doc->text + i, offset - i, &cp);
        if (n == 0) {
            /* offset inside a code point: count it once */
            n = 1;
            while (i + n < offset && ((unsigned char)doc->text[i + n] & 0xC0) == 0x80)
                n++;
            cp = 0xFFFD;
        }
        p.column++;
        p.display_column += (size_t)nl_cp_width(cp);
        i += n;
    }
    return p;
}

const nl_node *nl_node_next_preorder(const nl_node *n)
{
    if (n->first_child)
        return n->first_child;
    while (n) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

static int span_holds(const nl_node *c, size_t offset)
{
    return offset >= c->span.start && offset < c->span.end + (c->span.end == c->span.start);
}

/* The child of node[p] that nl_doc_node_at() descends into, as a position in
 * the index, or SIZE_MAX: the last child holding `offset`, else the last one
 * ending there (an offset on a line terminator belongs to the node ending
 * there). */
static size_t index_child(const nl_node_index *ix, size_t p, size_t offset)
{
    size_t lo = ix->first[p], hi = lo + ix->count[p], hit = SIZE_MAX;
    if (!ix->ordered[p]) {
        for (size_t i = lo; i < hi; i++)
            if (span_holds(ix->node[i], offset))
                hit = i;
        if (hit == SIZE_MAX)
            for (size_t i = lo; i < hi; i++)
                if (offset == ix->node[i]->span.end)
                    hit = i;
        return hit;
    }
    /* sorted and disjoint: only the children from the last one starting
     * before `offset` back to that one can hold it or end at it; every one
     * before ends at or before that start */
    size_t a = lo, b = hi; /* first child starting after offset, in [a, b] */
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (ix->node[mid]->span.start <= offset)
            a = mid + 1;
        else
            b = mid;
    }
    for (size_t i = a; i-- > lo;) {
        if (span_holds(ix->node[i], offset))
            return i;
        if (ix->node[i]->span.start < offset)
            break;
    }
    for (size_t i = a; i-- > lo;) {
        if (offset == ix->node[i]->span.end)
            return i;
        if (ix->node[i]->span.start < offset)
            break;
    }
    return SIZE_MAX;
}

const nl_node *nl_doc_node_at(const nl_doc *doc, size_t offset)
{
    const nl_node *n = nl_doc_root(doc);
    if (!n)
        return NULL;
    const nl_node_index *ix = doc->index;
    if (ix && ix->n > 0 && ix->node[0] == n) {
        size_t p = 0;
        for (;;) {
            size_t c = index_child(ix, p, offset);
            if (c == SIZE_MAX)
                return ix->node[p];
            p = c;
        }
    }
    for (;;) {
        const nl_node *c = n->first_child, *hit = NULL;
        for (; c; c = c->next)
            if (span_holds(c, offset))
                hit = c;
        if (!hit) {
            /* an offset on a line terminator belongs to the node ending there */
            for (c = n->first_child; c; c = c->next)
                if (offset == c->span.end)
                    hit = c;
        }
        if (!hit)
            return n;
        n = hit;
    }
}

/* Appends to a bounded buffer, never splitting a UTF-8 sequence. */
typedef struct sbuf {
    char *p;
    size_t cap, len;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->cap == 0)
        return;
    size_t room = b->cap - 1 - b->len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_num(sbuf *b, long v)
{
    char tmp[64];
    size_t n = nl_cnum_format(v, tmp, sizeof tmp);
    if (n == 0) {
        n = (size_t)snprintf(tmp, sizeof tmp, "%ld", v);
    }
    sb_put(b, tmp, n);
}

static void sb_label(sbuf *b, const nl_doc *doc, const nl_node *n)
{
    sb_put(b, doc->text + n->label.start, nl_span_len(n->label));
}

/* lead, v in Chinese numerals, then unit: 第三条, 第（一）项. */
static void sb_numbered(sbuf *b, const char *lead, long v, const char *unit)
{
    sb_str(b, lead);
    sb_num(b, v);
    sb_str(b, unit);
}

/* The ordinal of paragraph p among its paragraph siblings, from 1. */
static long paragraph_ordinal(const nl_node *p)
{
    long k = 1;
    for (const nl_node *s = p->prev; s; s = s->prev)
        if (s->kind == NL_NODE_PARAGRAPH)
            k++;
    return k;
}

/* Append to b what node p adds to an address: 第三章, 《…》 for an enclosed
   document, 标题, a heading's label …; nothing for the document, the issuer,
   the date or the only paragraph of an article. */
/* 1 when clause p has a sibling clause (a table beside it is none) */
static int other_clause(const nl_node *p)
{
    for (const nl_node *q = p->prev; q; q = q->prev)
        if (q->kind == NL_NODE_CLAUSE)
            return 1;
    for (const nl_node *q = p->next; q; q = q->next)
        if (q->kind == NL_NODE_CLAUSE)
            return 1;
    return 0;
}

static void address_step(sbuf *b, const nl_doc *doc, const nl_node *p)
{
    char tmp[32];
    switch (p->kind) {
    case NL_NODE_DOCUMENT:
        break;
    case NL_NODE_ENCLOSED: {
        const nl_meta *m = nl_doc_node_meta(doc, p);
        sb_str(b, "《");
        sb_put(b, doc->text + m->title.start, nl_span_len(m->title));
        sb_str(b, "》");
        break;
    }
    case NL_NODE_TITLE: sb_str(b, "标题"); break;
    case NL_NODE_DOC_NUMBER: sb_str(b, "文号"); break;
    case NL_NODE_RECIPIENT: sb_str(b, "主送机关"); break;
    case NL_NODE_PREAMBLE: sb_str(b, "序言"); break;
    case NL_NODE_SIGNATURE: sb_str(b, "落款"); break;
    case NL_NODE_ISSUER:
    case NL_NODE_DATE:
        break;
    case NL_NODE_NOTE: sb_str(b, "附注"); break;
    case NL_NODE_TABLE: sb_str(b, "表格"); break;
    case NL_NODE_ROW: sb_numbered(b, "第", p->number, "行"); break;
    case NL_NODE_FOOTNOTE: sb_str(b, "脚注"); break;
    case NL_NODE_ANNEX:
        sb_str(b, "附件");
        if (p->number > 0 && !(p->flags & NL_NODEF_LIST)) {
            snprintf(tmp, sizeof tmp, "%ld", p->number);
            sb_str(b, tmp);
        }
        break;
    case NL_NODE_CHAPTER:
        if (p->number < 0)
            sb_str(b, "附则");
        else
            sb_numbered(b, "第", p->number, "章");
        break;
    case NL_NODE_SECTION: sb_numbered(b, "第", p->number, "节"); break;
    case NL_NODE_ARTICLE: sb_numbered(b, "第", p->number, "条"); break;
    case NL_NODE_CLAUSE:
        /* a single-paragraph article has no 款 in its address */
        if (other_clause(p))
            sb_numbered(b, "第", p->number, "款");
        break;
    case NL_NODE_ITEM: sb_numbered(b, "第（", p->number, "）项"); break;
    case NL_NODE_SUBITEM:
        snprintf(tmp, sizeof tmp, "第%ld目", p->number);
        sb_str(b, tmp);
        break;
    case NL_NODE_HEADING:
        sb_label(b, doc, p);
        break;
    case NL_NODE_PARAGRAPH:
        snprintf(tmp, sizeof tmp, "第%ld段", paragraph_ordinal(p));
        sb_str(b, tmp);
        break;
    case NL_NODE_KIND_COUNT:
        break;
    }
}

size_t nl_doc_address(const nl_doc *doc, size_t offset, char *buf, size_t bufsize)
{
    sbuf b = {buf, bufsize, 0};
    const nl_node *path[32];
    size_t depth = 0;

    if (bufsize)
        buf[0] = '\0';
    const nl_node *n = nl_doc_node_at(doc, offset);
    for (const nl_node *p = n; p && depth < 32; p = p->parent)
        path[depth++] = p;
    while (depth > 0)
        address_step(&b, doc, path[--depth]);
    return b.len;
}

static const char *const prop_names[NL_PROP_COUNT] = {"title", "creator", "created", "modified", "title-style"};

const char *nl_prop_name(nl_prop p) { return (unsigned)p < NL_PROP_COUNT ? prop_names[p] : "?"; }

const char *nl_doc_property(const nl_doc *doc, nl_prop p)
{
    return (unsigned)p < NL_PROP_COUNT ? doc->props[p] : NULL;
}

nl_status nl_doc_set_property(nl_doc *doc, nl_prop p, const char *utf8, size_t len)
{
    if ((unsigned)p >= NL_PROP_COUNT)
        return NL_ERR_INVALID;
    size_t a = 0, b = len;
    nl_utf8_trim(utf8, &a, &b);
    if (a >= b || !nl_utf8_valid(utf8 + a, b - a, NULL))
        return NL_OK; /* empty or broken metadata is no metadata */
    char *v = malloc(b - a + 1);
    if (!v)
        return NL_ERR_NOMEM;
    memcpy(v, utf8 + a, b - a);
    v[b - a] = '\0';
    free(doc->props[p]);
    doc->props[p] = v;
    return NL_OK;
}

nl_numbering nl_doc_numbering(const nl_doc *doc)
{
    nl_numbering r = {0, 1, NULL, NULL};
    const nl_node *root = nl_doc_root(doc);
    const nl_node *prev = NULL;
    for (const nl_node *n = root; n; n = nl_node_next_preorder(n)) {
        if (n->kind == NL_NODE_ENCLOSED)
            prev = NULL; /* each part numbers its own articles */
        if (n->kind != NL_NODE_ARTICLE)
            continue;
        r.articles++;
        if (r.continuous && (n->flags & (NL_NODEF_OUT_OF_SEQUENCE | NL_NODEF_DUPLICATE))) {
            r.continuous = 0;
            r.first_bad = n;
            r.before_bad = prev;
        }
        prev = n;
    }
    return r;
}
