/*
 * kind_numbering.c — `numbering`: judgements on the numbering the recogniser
 * recorded. params.check selects one:
 *
 *   articles          章/节/条/项/目 out of sequence, repeated, or in the wrong
 *                     form (第3条, 一、 as an item) — flags set by the recogniser
 *   outline           一、（一）1.（1） headings out of sequence, repeated, in the
 *                     wrong form, or skipping a level (1. directly under 一、)
 *   cross-references  本办法第X条 beyond the document's last article, 附件N
 *                     beyond its annexes (only when the annexes are in the
 *                     file: extracted texts often drop them)
 *   short-chapters    章 in a document with fewer than params.min-articles
 *                     articles (default 30)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "rules/kind.h"
#include "rules/yaml.h"

enum { C_ARTICLES, C_OUTLINE, C_XREF, C_SHORT };
static const char *const checks[] = {"articles", "outline", "cross-references", "short-chapters"};

typedef struct nparams {
    int check;
    long min_articles;
} nparams;

static int configure(nl_rule *r, const nl_ynode *params, nl_kind_problem_fn problem, void *ctx)
{
    const nl_ynode *c = params ? nl_yaml_get(params, "check") : NULL;
    char msg[300];
    if (!c || c->kind != NL_Y_SCALAR) {
        problem(ctx, params ? params->line : r->line, params ? params->column : r->column,
                "kind 'numbering' needs params.check: articles, outline, cross-references or short-chapters");
        return -1;
    }
    nparams *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    p->check = -1;
    p->min_articles = 30;
    for (int i = 0; i < (int)(sizeof checks / sizeof checks[0]); i++)
        if (strcmp(c->str, checks[i]) == 0)
            p->check = i;
    for (size_t k = 0; k < params->n; k++) {
        const char *key = params->keys[k]->str;
        if (strcmp(key, "min-articles") == 0) {
            char *end;
            const nl_ynode *v = params->items[k];
            p->min_articles = v->kind == NL_Y_SCALAR ? strtol(v->str, &end, 10) : -1;
            if (v->kind != NL_Y_SCALAR || *end || p->min_articles <= 0) {
                problem(ctx, v->line, v->column, "params.min-articles must be a positive whole number");
                free(p);
                return -1;
            }
        } else if (strcmp(key, "check") != 0) {
            snprintf(msg, sizeof msg, "unknown parameter '%s' for kind 'numbering' (expected check, min-articles)", key);
            problem(ctx, params->keys[k]->line, params->keys[k]->column, msg);
            free(p);
            return -1;
        }
    }
    if (p->check < 0) {
        snprintf(msg, sizeof msg,
                 "unknown check '%s' for kind 'numbering' (expected articles, outline, cross-references, short-chapters)",
                 c->str);
        problem(ctx, c->line, c->column, msg);
        free(p);
        return -1;
    }
    r->params = p;
    return 0;
}

static const char *unit_of(nl_node_kind k)
{
    switch (k) {
    case NL_NODE_CHAPTER: return "章";
    case NL_NODE_SECTION: return "节";
    case NL_NODE_ARTICLE: return "条";
    case NL_NODE_ITEM: return "项";
    case NL_NODE_SUBITEM: return "目";
    default: return "层级标题";
    }
}

static int label_finding(nl_run *run, const nl_rule *r, const nl_node *n)
{
    const char *t = nl_run_text(run);
    char msg[400];
    int len = (int)nl_span_len(n->label);
    const char *lab = t + n->label.start;
    if (n->flags & NL_NODEF_DUPLICATE)
        snprintf(msg, sizeof msg, "%s的序号“%.*s”与前一%s重复。", unit_of(n->kind), len, lab, unit_of(n->kind));
    else if (n->flags & NL_NODEF_OUT_OF_SEQUENCE)
        snprintf(msg, sizeof msg, "%s的序号“%.*s”不连续，应依次编号。", unit_of(n->kind), len, lab);
    else if (n->kind == NL_NODE_ARTICLE || n->kind == NL_NODE_CHAPTER || n->kind == NL_NODE_SECTION)
        snprintf(msg, sizeof msg, "%s的序号“%.*s”形式不规范，章、节、条应使用中文数字（如“第三条”）。",
                 unit_of(n->kind), len, lab);
    else if (n->kind == NL_NODE_ITEM)
        snprintf(msg, sizeof msg, "项的序号“%.*s”形式不规范，应使用中文数字加全角括号（如“（一）”）；同一列表不再逐项提示。",
                 len, lab);
    else if (n->kind == NL_NODE_SUBITEM)
        snprintf(msg, sizeof msg, "目的序号“%.*s”形式不规范，应使用阿拉伯数字（如“1.”）。", len, lab);
    else
        snprintf(msg, sizeof msg, "层级序号“%.*s”形式不规范，应依次使用“一、”“（一）”“1.”“（1）”。", len, lab);
    return nl_run_emit_msg(run, r, n->label.start, n->label.end, msg, -1);
}

static const char *const genres[] = {"办法", "规定", "细则", "条例", "意见", "通知", "决定", "方案", "规则", "规范"};

/* 本办法第X条 references in [a, b) beyond `max` articles. */
static int xrefs(nl_run *run, const nl_rule *r, size_t a, size_t b, long max)
{
    const char *t = nl_run_text(run);
    for (size_t i = a; i + 3 < b; i++) {
        i += nl_find(t + i, b - i, "本", 3);
        if (i + 3 >= b)
            break;
        size_t j = i + 3;
        int g = 0;
        for (size_t k = 0; k < sizeof genres / sizeof genres[0] && !g; k++)
            if (j + 6 <= b && memcmp(t + j, genres[k], 6) == 0)
                g = 1;
        if (!g || j + 9 > b || memcmp(t + j + 6, "第", 3) != 0)
            continue;
        long v;
        nl_numform f;
        size_t k = nl_cnum_parse(t + j + 9, b - (j + 9), &v, &f);
        size_t e = j + 9 + k;
        if (!k || e + 3 > b || memcmp(t + e, "条", 3) != 0)
            continue;
        if (v > max) {
            char msg[300];
            snprintf(msg, sizeof msg, "引用的“%.*s”不存在：本文件共%ld条。", (int)(e + 3 - i), t + i, max);
            if (nl_run_emit_msg(run, r, i, e + 3, msg, -1) != 0)
                return -1;
        }
        i = e;
    }
    return 0;
}

/* 附件N references in [a, b) beyond the `annexes` the document carries. */
static int annex_refs(nl_run *run, const nl_rule *r, size_t a, size_t b, long annexes)
{
    const char *t = nl_run_text(run);
    for (size_t i = a; i + 6 < b; i++) {
        i += nl_find(t + i, b - i, "附件", 6);
        if (i + 6 >= b)
            break;
        long v;
        nl_numform f;
        size_t k = nl_cnum_parse(t + i + 6, b - (i + 6), &v, &f);
        if (!k)
            continue;
        if (v > annexes) {
            char msg[300];
            snprintf(msg, sizeof msg, "引用的“附件%.*s”不存在：本文件共%ld个附件。", (int)k, t + i + 6, annexes);
            if (nl_run_emit_msg(run, r, i, i + 6 + k, msg, -1) != 0)
                return -1;
        }
        i += 5 + k;
    }
    return 0;
}

/* Preorder successor of x within the subtree rooted at top, or NULL. */
static const nl_node *next_in(const nl_node *x, const nl_node *top)
{
    if (x->first_child)
        return x->first_child;
    while (x != top) {
        if (x->next)
            return x->next;
        x = x->parent;
    }
    return NULL;
}

/* articles and outline: each label of the kind the check looks at that the
   recogniser flagged, and (outline) each heading that skips a level. 0, or -1
   when the run must stop. */
static int check_labels(nl_run *run, const nl_rule *r, const nl_node *root, int check)
{
    for (const nl_node *x = root; x; x = nl_node_next_preorder(x)) {
        int art = x->kind == NL_NODE_CHAPTER || x->kind == NL_NODE_SECTION || x->kind == NL_NODE_ARTICLE ||
                  x->kind == NL_NODE_ITEM || x->kind == NL_NODE_SUBITEM;
        int out = x->kind == NL_NODE_HEADING;
        if (!(check == C_ARTICLES ? art : out) || nl_span_empty(x->label))
            continue;
        /* a list written in an odd form is reported once, on its first label */
        int repeat_odd = (x->flags & NL_NODEF_ODD_FORM) &&
                         !(x->flags & (NL_NODEF_DUPLICATE | NL_NODEF_OUT_OF_SEQUENCE)) && x->prev &&
                         x->prev->kind == x->kind && (x->prev->flags & NL_NODEF_ODD_FORM);
        if (repeat_odd)
            continue;
        if (x->flags & (NL_NODEF_DUPLICATE | NL_NODEF_OUT_OF_SEQUENCE | NL_NODEF_ODD_FORM)) {
            if (label_finding(run, r, x) != 0)
                return -1;
        } else if (out && x->level > 1 && (x->parent->kind != NL_NODE_HEADING || x->parent->level < x->level - 1)) {
            /* 1. directly under 一、 (or under no heading at all) */
            char msg[300];
            static const char *const names[] = {"", "一、", "（一）", "1.", "（1）"};
            snprintf(msg, sizeof msg, "层级标题“%.*s”跳级：缺少“%s”一级。", (int)nl_span_len(x->label),
                     nl_run_text(run) + x->label.start, names[x->level - 1 < 5 ? x->level - 1 : 4]);
            if (nl_run_emit_msg(run, r, x->label.start, x->label.end, msg, -1) != 0)
                return -1;
        }
    }
    return 0;
}

/* The highest article number in a part (its enclosed documents left out),
   into *max; its chapters other than the supplementary provisions, counted
   into *chapters, and the first of them, into *first (or NULL). */
static void part_counts(const nl_node *part, long *max, long *chapters, const nl_node **first)
{
    *max = 0;
    *chapters = 0;
    *first = NULL;
    for (const nl_node *c = part->first_child; c; c = c->next) {
        if (c->kind == NL_NODE_ENCLOSED)
            continue;
        for (const nl_node *x = c; x; x = next_in(x, c)) {
            if (x->kind == NL_NODE_ARTICLE && x->number > *max)
                *max = x->number;
            if (x->kind == NL_NODE_CHAPTER && !(x->flags & NL_NODEF_SUPPLEMENTARY)) {
                (*chapters)++;
                if (!*first)
                    *first = x;
            }
        }
    }
}

/* The highest numbered annex content in the document (附件1, 附件2 …), or 0. */
static long annex_count(const nl_node *root)
{
    long annexes = 0;
    for (const nl_node *x = root; x; x = nl_node_next_preorder(x))
        if (x->kind == NL_NODE_ANNEX && !(x->flags & NL_NODEF_LIST) && x->number > annexes)
            annexes = x->number;
    return annexes;
}

/* short-chapters or cross-references on one part: the outer document or an
   enclosed one. 0, or -1 when the run must stop. */
static int check_part(nl_run *run, const nl_rule *r, const nl_node *root, const nl_node *part)
{
    const nparams *p = r->params;
    long max, chapters;
    const nl_node *first_chapter;
    part_counts(part, &max, &chapters, &first_chapter);
    if (p->check == C_SHORT) {
        if (first_chapter && max > 0 && max < p->min_articles) {
            char msg[300];
            snprintf(msg, sizeof msg, "全文仅%ld条却分为%ld章；内容不复杂的文件一般不分章、节。", max, chapters);
            if (nl_run_emit_msg(run, r, first_chapter->label.start, first_chapter->label.end, msg, -1) != 0)
                return -1;
        }
        return 0;
    }
    long annexes = annex_count(root);
    for (const nl_node *c = part->first_child; c; c = c->next) {
        if (c->kind == NL_NODE_ENCLOSED || c->kind == NL_NODE_TITLE || c->kind == NL_NODE_ANNEX)
            continue;
        if (max > 0 && xrefs(run, r, c->span.start, c->span.end, max) != 0)
            return -1;
        if (annexes > 0 && annex_refs(run, r, c->span.start, c->span.end, annexes) != 0)
            return -1;
    }
    return 0;
}

static int run_numbering(nl_run *run, const nl_rule *r, const nl_unit *units, size_t n)
{
    (void)units;
    (void)n;
    const nparams *p = r->params;
    const nl_doc *doc = nl_run_doc(run);
    const nl_node *root = nl_doc_root(doc);
    if (!root)
        return 0;
    if (p->check == C_ARTICLES || p->check == C_OUTLINE)
        return check_labels(run, r, root, p->check);
    /* per part: the outer document and each enclosed one */
    const nl_node *parts[64];
    size_t np = 0;
    parts[np++] = root;
    for (const nl_node *c = root->first_child; c && np < 64; c = c->next)
        if (c->kind == NL_NODE_ENCLOSED)
            parts[np++] = c;
    for (size_t i = 0; i < np; i++)
        if (check_part(run, r, root, parts[i]) != 0)
            return -1;
    return 0;
}

const nl_kind nl_kind_numbering = {"numbering", 0, configure, free, run_numbering};
