/*
 * scope.c — the scope units of a document: the byte ranges a rule is matched
 * against, one list per scope (see rules/README.md for what each scope is).
 * Units are computed from the structure tree; padding spaces at the ends of a
 * unit are trimmed so that ^ and $ in patterns mean the unit's text.
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "rules/scope.h"

static const char *const names[NL_SCOPE_COUNT] = {
    "document", "title", "doc-number", "body", "chapter", "article",
    "clause", "item", "paragraph", "sentence", "signature"};

const char *nl_scope_name(nl_scope s) { return (unsigned)s < NL_SCOPE_COUNT ? names[s] : "?"; }

int nl_scope_parse(const char *s, nl_scope *out)
{
    for (int i = 0; i < NL_SCOPE_COUNT; i++)
        if (strcmp(names[i], s) == 0) {
            *out = (nl_scope)i;
            return 1;
        }
    return 0;
}

typedef struct ulist {
    nl_unit *u;
    size_t n, cap;
    int oom;
} ulist;

static void push(ulist *l, const char *t, size_t a, size_t b)
{
    nl_utf8_trim(t, &a, &b);
    if (a >= b)
        return;
    if (nl_grow((void **)&l->u, &l->cap, l->n, sizeof *l->u, 16) != 0) {
        l->oom = 1;
        return;
    }
    l->u[l->n++] = (nl_unit){a, b};
}

static int is_body_kind(nl_node_kind k)
{
    switch (k) {
    case NL_NODE_PREAMBLE:
    case NL_NODE_CHAPTER:
    case NL_NODE_SECTION:
    case NL_NODE_ARTICLE:
    case NL_NODE_HEADING:
    case NL_NODE_PARAGRAPH:
    case NL_NODE_CLAUSE:
    case NL_NODE_ITEM:
    case NL_NODE_SUBITEM:
        return 1;
    default:
        return 0;
    }
}

/* Body of each part: from its first body child to its last one. An annex
   reference list (附件：1.…) between body children is inside; annex content
   after the signature is not. Each footnote and endnote read (--notes) is a
   body unit of its own. */
static void body_units(const nl_doc *doc, ulist *l)
{
    const char *t = nl_doc_text(doc);
    for (const nl_node *p = nl_doc_root(doc); p; p = nl_node_next_preorder(p)) {
        if (p->kind != NL_NODE_DOCUMENT && p->kind != NL_NODE_ENCLOSED)
            continue;
        size_t a = (size_t)-1, b = 0;
        for (const nl_node *c = p->first_child; c; c = c->next) {
            if (!is_body_kind(c->kind) && !(c->kind == NL_NODE_ANNEX && (c->flags & NL_NODEF_LIST)))
                continue;
            if (c->kind == NL_NODE_ANNEX && a == (size_t)-1)
                continue;
            if (c->span.start < a)
                a = c->span.start;
            if (c->span.end > b)
                b = c->span.end;
        }
        if (a != (size_t)-1)
            push(l, t, a, b);
        for (const nl_node *c = p->first_child; c; c = c->next)
            if (c->kind == NL_NODE_FOOTNOTE)
                push(l, t, c->span.start, c->span.end);
    }
}

/* Every non-empty line inside the body units. */
static void line_units(const nl_doc *doc, const ulist *body, ulist *l)
{
    const char *t = nl_doc_text(doc);
    for (size_t i = 0; i < body->n; i++) {
        size_t a = body->u[i].start, end = body->u[i].end;
        while (a < end) {
            const char *nl = memchr(t + a, '\n', end - a);
            size_t b = nl ? (size_t)(nl - t) : end;
            push(l, t, a, b);
            a = b + 1;
        }
    }
}

/* The first bytes of the stops: ! ? ; and the lead bytes of 。 (E3) and ！？； (EF). */
static const unsigned char stop_lead[256] = {['!'] = 1, ['?'] = 1, [';'] = 1, [0xE3] = 1, [0xEF] = 1};

/* The length of the sentence stop at s[i] (。！？；!?;), 0 for none; s[i]
   is one of the stop_lead bytes. */
static size_t stop_len(const char *s, size_t i, size_t b)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] == '!' || u[0] == '?' || u[0] == ';')
        return 1;
    if (i + 3 > b || (u[0] != 0xE3 && u[0] != 0xEF))
        return 0;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) /* 。 */
        return 3;
    if (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x81 || u[2] == 0x9F || u[2] == 0x9B)) /* ！？； */
        return 3;
    return 0;
}

/* A closing quote or bracket that stays with the sentence before it: ”’）」 */
static int closer_at(const char *s, size_t k, size_t b)
{
    if (k + 3 > b)
        return 0;
    return memcmp(s + k, "”", 3) == 0 || memcmp(s + k, "’", 3) == 0 || memcmp(s + k, "）", 3) == 0 ||
           memcmp(s + k, "」", 3) == 0;
}

/* Sentences: each line split after 。！？； (a closing quote or bracket right
   after the stop stays with the sentence). */
static void sentence_units(const nl_doc *doc, const ulist *lines, ulist *l)
{
    const char *t = nl_doc_text(doc);
    for (size_t i = 0; i < lines->n; i++) {
        size_t a = lines->u[i].start, b = lines->u[i].end, s = a;
        for (size_t k = a; k < b;) {
            /* to the next byte a stop can start with (never a continuation
               byte, so the scan stays on character starts where it stops) */
            while (k < b && !stop_lead[(unsigned char)t[k]])
                k++;
            if (k == b)
                break;
            size_t n = stop_len(t, k, b);
            if (!n) {
                k++;
                continue;
            }
            k += n;
            while (closer_at(t, k, b))
                k += 3;
            push(l, t, s, k);
            s = k;
        }
        push(l, t, s, b);
    }
}

static void node_units(const nl_doc *doc, ulist *l, nl_node_kind k1, nl_node_kind k2)
{
    const char *t = nl_doc_text(doc);
    for (const nl_node *p = nl_doc_root(doc); p; p = nl_node_next_preorder(p))
        if (p->kind == k1 || p->kind == k2)
            push(l, t, p->span.start, p->span.end);
}

static void title_units(const nl_doc *doc, ulist *l)
{
    const char *t = nl_doc_text(doc);
    for (const nl_node *p = nl_doc_root(doc); p; p = nl_node_next_preorder(p)) {
        if (p->kind != NL_NODE_DOCUMENT && p->kind != NL_NODE_ENCLOSED)
            continue;
        const nl_meta *m = nl_doc_node_meta(doc, p);
        if (m && !nl_span_empty(m->title))
            push(l, t, m->title.start, m->title.end);
    }
}

nl_status nl_scope_units(const nl_doc *doc, nl_scope sc, nl_unit **out, size_t *n)
{
    ulist l = {0}, body = {0}, lines = {0};
    *out = NULL;
    *n = 0;
    switch (sc) {
    case NL_SCOPE_DOCUMENT: push(&l, nl_doc_text(doc), 0, nl_doc_len(doc)); break;
    case NL_SCOPE_TITLE: title_units(doc, &l); break;
    case NL_SCOPE_DOC_NUMBER: node_units(doc, &l, NL_NODE_DOC_NUMBER, NL_NODE_DOC_NUMBER); break;
    case NL_SCOPE_BODY: body_units(doc, &l); break;
    case NL_SCOPE_CHAPTER: node_units(doc, &l, NL_NODE_CHAPTER, NL_NODE_CHAPTER); break;
    case NL_SCOPE_ARTICLE: node_units(doc, &l, NL_NODE_ARTICLE, NL_NODE_ARTICLE); break;
    case NL_SCOPE_CLAUSE: node_units(doc, &l, NL_NODE_CLAUSE, NL_NODE_CLAUSE); break;
    case NL_SCOPE_ITEM: node_units(doc, &l, NL_NODE_ITEM, NL_NODE_SUBITEM); break;
    case NL_SCOPE_SIGNATURE: node_units(doc, &l, NL_NODE_SIGNATURE, NL_NODE_SIGNATURE); break;
    case NL_SCOPE_PARAGRAPH:
    case NL_SCOPE_SENTENCE:
        body_units(doc, &body);
        if (sc == NL_SCOPE_PARAGRAPH) {
            line_units(doc, &body, &l);
        } else {
            line_units(doc, &body, &lines);
            sentence_units(doc, &lines, &l);
        }
        break;
    case NL_SCOPE_COUNT: break;
    }
    int oom = l.oom || body.oom || lines.oom;
    free(body.u);
    free(lines.u);
    if (oom) {
        free(l.u);
        return NL_ERR_NOMEM;
    }
    *out = l.u;
    *n = l.n;
    return NL_OK;
}
