/*
 * tree.c — the writers behind nl_tree_out: "text" (an indented outline in
 * Chinese for people), "json" (a JSON array, one object per input, for
 * programs and golden tests) and "summary" (one tab-separated line per input).
 *
 * Each writer is a row of function pointers; adding a format is one table row.
 * Node excerpts are cut at code-point boundaries so output stays valid UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "normlint/tree.h"
#include "report/json.h"

typedef struct writer {
    const char *name;
    nl_status (*begin)(nl_tree_out *o);
    nl_status (*doc)(nl_tree_out *o, const nl_doc *doc);
    nl_status (*error)(nl_tree_out *o, const nl_error *e);
    nl_status (*end)(nl_tree_out *o);
} writer;

struct nl_tree_out {
    FILE *f;
    const writer *w;
    size_t count; /* records written */
    int depth;    /* text tree depth limit, -1 unlimited */
};

void nl_tree_out_set_depth(nl_tree_out *o, int depth) { o->depth = depth; }

/* ---- shared helpers ---- */

static const char *span_ptr(const nl_doc *doc, nl_span s) { return nl_doc_text(doc) + s.start; }

/* Byte length of the first `max` code points of s[0..n); sets *cut when shorter than n. */
static size_t prefix_cps(const char *s, size_t n, size_t max, int *cut)
{
    size_t i = 0, k = 0;
    while (i < n && k < max) {
        uint32_t cp;
        size_t m = nl_utf8_decode(s + i, n - i, &cp);
        i += m ? m : 1;
        k++;
    }
    *cut = i < n;
    return i;
}

/* Text of a node for display: heading if any, else its own text after the label. */
static nl_span node_text(const nl_node *n)
{
    if (!nl_span_empty(n->heading))
        return n->heading;
    nl_span s = n->span;
    if (!nl_span_empty(n->label) && n->label.end <= s.end && n->label.start >= s.start)
        s.start = n->label.end;
    /* only the node's first line: children show the rest */
    return s;
}

static int shows_text(nl_node_kind k)
{
    switch (k) {
    case NL_NODE_DOCUMENT:
    case NL_NODE_ENCLOSED:
    case NL_NODE_SIGNATURE:
    case NL_NODE_ARTICLE:
        return 0;
    default:
        return 1;
    }
}

/* ---- text ---- */

static const char *kind_zh(nl_node_kind k)
{
    switch (k) {
    case NL_NODE_DOCUMENT: return "文件";
    case NL_NODE_ENCLOSED: return "印发的文件";
    case NL_NODE_TITLE: return "标题";
    case NL_NODE_DOC_NUMBER: return "文号";
    case NL_NODE_RECIPIENT: return "主送机关";
    case NL_NODE_PREAMBLE: return "序言";
    case NL_NODE_CHAPTER: return "章";
    case NL_NODE_SECTION: return "节";
    case NL_NODE_ARTICLE: return "条";
    case NL_NODE_CLAUSE: return "款";
    case NL_NODE_ITEM: return "项";
    case NL_NODE_SUBITEM: return "目";
    case NL_NODE_HEADING: return "层级标题";
    case NL_NODE_PARAGRAPH: return "段落";
    case NL_NODE_ANNEX: return "附件";
    case NL_NODE_SIGNATURE: return "落款";
    case NL_NODE_ISSUER: return "发文机关";
    case NL_NODE_DATE: return "成文日期";
    case NL_NODE_NOTE: return "附注";
    case NL_NODE_TABLE: return "表格";
    case NL_NODE_ROW: return "表格行";
    case NL_NODE_FOOTNOTE: return "脚注";
    case NL_NODE_KIND_COUNT: break;
    }
    return "?";
}

static const struct {
    unsigned bit;
    const char *id, *zh;
} flag_names[] = {
    {NL_NODEF_SUPPLEMENTARY, "supplementary", "附则"},
    {NL_NODEF_OUT_OF_SEQUENCE, "out-of-sequence", "序号不连续"},
    {NL_NODEF_DUPLICATE, "duplicate", "序号重复"},
    {NL_NODEF_ODD_FORM, "odd-form", "序号形式不规范"},
    {NL_NODEF_LIST, "list", "附件目录"},
    {NL_NODEF_INLINE_HEADING, "inline-heading", "段首标题"},
    {NL_NODEF_PAGE_NUMBER, "page-number", "行首有页码残留"},
    {NL_NODEF_JOINED, "joined", "条文未另起一行"},
    {NL_NODEF_INSERTED, "inserted", "插入条文（之一）"},
};

static void put_excerpt(FILE *f, const nl_doc *doc, nl_span s, size_t max)
{
    int cut;
    const char *p = span_ptr(doc, s);
    size_t n = prefix_cps(p, nl_span_len(s), max, &cut);
    /* stop at the end of the first line */
    const char *nlp = memchr(p, '\n', n);
    if (nlp) {
        n = (size_t)(nlp - p);
        cut = 1;
    }
    fwrite(p, 1, n, f);
    if (cut)
        fputs("…", f);
}

static void text_node(FILE *f, const nl_doc *doc, const nl_node *n, int depth, int max)
{
    if (max >= 0 && depth >= max)
        return;
    if (n->first_line == n->last_line)
        fprintf(f, "  L%-9zu", n->first_line + 1);
    else {
        char r[32];
        snprintf(r, sizeof r, "L%zu-%zu", n->first_line + 1, n->last_line + 1);
        fprintf(f, "  %-10s", r);
    }
    for (int i = 0; i < depth; i++)
        fputs("  ", f);
    fputs(kind_zh(n->kind), f);
    if (n->kind == NL_NODE_HEADING)
        fprintf(f, "%d", n->level);
    if (!nl_span_empty(n->label)) {
        fputc(' ', f);
        fwrite(span_ptr(doc, n->label), 1, nl_span_len(n->label), f);
    }
    if (n->number >= 0 && n->kind != NL_NODE_ANNEX)
        fprintf(f, " [%ld]", n->number);
    if (shows_text(n->kind)) {
        nl_span t = node_text(n);
        if (!nl_span_empty(t)) {
            fputs("  ", f);
            put_excerpt(f, doc, t, 30);
        }
    } else if (n->kind == NL_NODE_ENCLOSED) {
        const nl_meta *m = nl_doc_node_meta(doc, n);
        fputs("  《", f);
        fwrite(span_ptr(doc, m->title), 1, nl_span_len(m->title), f);
        fputs("》", f);
    }
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
        if (n->flags & flag_names[i].bit)
            fprintf(f, " 〔%s〕", flag_names[i].zh);
    fputc('\n', f);
    for (const nl_node *c = n->first_child; c; c = c->next)
        text_node(f, doc, c, depth + 1, max);
}

static void put_date(FILE *f, const nl_doc *doc, const nl_docdate *d)
{
    char iso[11];
    nl_date_iso(&d->date, iso);
    fwrite(span_ptr(doc, d->span), 1, nl_span_len(d->span), f);
    fprintf(f, "（%s", iso);
    if (d->date.flags & NL_DATEF_INVALID)
        fputs("，日期不存在", f);
    fputs("）", f);
}

static void text_meta(FILE *f, const nl_doc *doc, const nl_meta *m, const char *ind)
{
    fprintf(f, "%s类型: %s [%s]——%s\n", ind, nl_doctype_zh(m->type), nl_doctype_id(m->type),
            m->type_reason ? m->type_reason : "");
    fprintf(f, "%s体例: %s\n", ind,
            m->style == NL_STYLE_ARTICLES ? "条文式" : m->style == NL_STYLE_OUTLINE ? "段落式" : "无层级正文");
    if (!nl_span_empty(m->title)) {
        fprintf(f, "%s标题: ", ind);
        /* a two-line title is shown on one line */
        const char *p = span_ptr(doc, m->title);
        for (size_t i = 0; i < nl_span_len(m->title); i++)
            if (p[i] != '\n')
                fputc(p[i], f);
        fprintf(f, "%s\n", m->trial ? "（试行/暂行）" : "");
    }
    if (!nl_span_empty(m->docnum.span)) {
        fprintf(f, "%s文号: ", ind);
        fwrite(span_ptr(doc, m->docnum.span), 1, nl_span_len(m->docnum.span), f);
        if (m->docnum.year)
            fprintf(f, "（年份 %d，序号 %ld）", m->docnum.year, m->docnum.serial);
        else
            fprintf(f, "（序号 %ld）", m->docnum.serial);
        fputc('\n', f);
    }
    if (!nl_span_empty(m->recipient)) {
        fprintf(f, "%s主送: ", ind);
        put_excerpt(f, doc, m->recipient, 40);
        fputc('\n', f);
    }
    if (!nl_span_empty(m->signed_date.span)) {
        fprintf(f, "%s成文日期: ", ind);
        put_date(f, doc, &m->signed_date);
        fputc('\n', f);
    }
    if (!nl_span_empty(m->published.span)) {
        fprintf(f, "%s公布日期: ", ind);
        put_date(f, doc, &m->published);
        fputc('\n', f);
    }
    if (m->effective_kind == NL_EFFECTIVE_DATE) {
        fprintf(f, "%s施行日期: ", ind);
        put_date(f, doc, &m->effective);
        fputc('\n', f);
    } else if (m->effective_kind == NL_EFFECTIVE_ON_ISSUE) {
        fprintf(f, "%s施行日期: 自印发（公布）之日起\n", ind);
    }
    if (!nl_span_empty(m->validity_clause)) {
        fprintf(f, "%s有效期: ", ind);
        if (m->valid_years)
            fprintf(f, "%d年", m->valid_years);
        if (!nl_span_empty(m->valid_until.span)) {
            fputs(m->valid_years ? "，至" : "至", f);
            put_date(f, doc, &m->valid_until);
        }
        fputc('\n', f);
    }
}

static nl_status text_doc(nl_tree_out *o, const nl_doc *doc)
{
    FILE *f = o->f;
    const nl_node *root = nl_doc_root(doc);
    if (o->count++)
        fputc('\n', f);
    fprintf(f, "%s\n", nl_doc_path(doc));
    fprintf(f, "  文件: %s，%s，换行 %s，%zu 行，%zu 字节\n", nl_doc_format(doc), nl_doc_encoding(doc),
            nl_doc_eol(doc), nl_doc_line_count(doc), nl_doc_len(doc));
    static const char *const prop_zh[NL_PROP_COUNT] = {"标题", "作者", "创建", "修改", "标题样式段落"};
    int props = 0;
    for (int p = 0; p < NL_PROP_COUNT; p++) {
        const char *v = nl_doc_property(doc, (nl_prop)p);
        if (v)
            fprintf(f, "%s%s %s", props++ ? "；" : "  文件属性: ", prop_zh[p], v);
    }
    if (props)
        fputc('\n', f);
    text_meta(f, doc, nl_doc_meta(doc), "  ");
    for (const nl_node *c = root ? root->first_child : NULL; c; c = c->next)
        if (c->kind == NL_NODE_ENCLOSED) {
            fputs("  印发的文件:\n", f);
            text_meta(f, doc, nl_doc_node_meta(doc, c), "    ");
        }
    nl_numbering nb = nl_doc_numbering(doc);
    if (nb.articles) {
        fprintf(f, "  条文: %zu 条，", nb.articles);
        if (nb.continuous)
            fputs("序号连续\n", f);
        else
            fprintf(f, "序号不连续（第 %zu 行）\n", nb.first_bad->first_line + 1);
    }
    if (o->depth != 0)
        fputs("  结构:\n", f);
    for (const nl_node *c = root ? root->first_child : NULL; c; c = c->next)
        text_node(f, doc, c, 0, o->depth);
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

static nl_status text_error(nl_tree_out *o, const nl_error *e)
{
    /* errors go to stderr from the CLI; the text tree only notes the gap */
    if (o->count++)
        fputc('\n', o->f);
    fprintf(o->f, "%s\n  无法读取: %s\n", e->path, e->message);
    return ferror(o->f) ? NL_ERR_IO : NL_OK;
}

static nl_status no_op(nl_tree_out *o)
{
    (void)o;
    return NL_OK;
}

/* ---- summary ---- */

static nl_status summary_doc(nl_tree_out *o, const nl_doc *doc)
{
    const nl_meta *m = nl_doc_meta(doc);
    const nl_node *root = nl_doc_root(doc);
    nl_style style = m->style;
    nl_doctype type = m->type;
    for (const nl_node *c = root ? root->first_child : NULL; c; c = c->next)
        if (c->kind == NL_NODE_ENCLOSED) {
            style = nl_doc_node_meta(doc, c)->style;
            break;
        }
    nl_numbering nb = nl_doc_numbering(doc);
    fprintf(o->f, "%s\t%s\t%s\tarticles=%zu\t", nl_doc_path(doc), nl_doctype_id(type), nl_style_name(style),
            nb.articles);
    if (!nb.articles)
        fputs("no-articles\n", o->f);
    else if (nb.continuous)
        fputs("continuous\n", o->f);
    else {
        const nl_node *b = nb.first_bad;
        if (b->flags & NL_NODEF_DUPLICATE)
            fprintf(o->f, "duplicate 第%ld条 at line %zu\n", b->number, b->first_line + 1);
        else if (!nb.before_bad)
            fprintf(o->f, "starts at 第%ld条 (line %zu)\n", b->number, b->first_line + 1);
        else
            fprintf(o->f, "gap 第%ld条 -> 第%ld条 at line %zu\n", nb.before_bad->number, b->number,
                    b->first_line + 1);
    }
    o->count++;
    return ferror(o->f) ? NL_ERR_IO : NL_OK;
}

static nl_status summary_error(nl_tree_out *o, const nl_error *e)
{
    fprintf(o->f, "%s\terror\t%s\t%s\n", e->path, nl_status_name(e->status), e->message);
    o->count++;
    return ferror(o->f) ? NL_ERR_IO : NL_OK;
}

/* ---- json ---- */

static void jspan_text(nl_jw *w, const nl_doc *doc, nl_span s) { nl_jw_text(w, span_ptr(doc, s), nl_span_len(s)); }

/* text of a span, or null when it is empty */
static void jspan_or_null(nl_jw *w, const nl_doc *doc, nl_span s)
{
    if (nl_span_empty(s))
        nl_jw_null(w);
    else
        jspan_text(w, doc, s);
}

static void jpair(nl_jw *w, long long x, long long y)
{
    nl_jw_array(w);
    nl_jw_int(w, x);
    nl_jw_int(w, y);
    nl_jw_end(w);
}

static void jdate(nl_jw *w, const nl_doc *doc, const nl_docdate *d)
{
    if (nl_span_empty(d->span)) {
        nl_jw_null(w);
        return;
    }
    char iso[11];
    nl_date_iso(&d->date, iso);
    nl_jw_object(w);
    nl_jw_key(w, "text");
    jspan_text(w, doc, d->span);
    nl_jw_kv_text(w, "date", iso);
    nl_jw_kv_text(w, "form", nl_dateform_name(d->date.form));
    nl_jw_kv_bool(w, "valid", !(d->date.flags & NL_DATEF_INVALID));
    nl_jw_end(w);
}

static void jmeta(nl_jw *w, const nl_doc *doc, const nl_meta *m)
{
    nl_jw_object(w);
    nl_jw_key(w, "title");
    jspan_or_null(w, doc, m->title);
    nl_jw_kv_text(w, "type", nl_doctype_id(m->type));
    nl_jw_kv_text(w, "type_zh", nl_doctype_zh(m->type));
    nl_jw_kv_text(w, "type_reason", m->type_reason);
    nl_jw_kv_text(w, "style", nl_style_name(m->style));
    nl_jw_kv_bool(w, "trial", m->trial);
    nl_jw_key(w, "doc_number");
    if (nl_span_empty(m->docnum.span)) {
        nl_jw_null(w);
    } else {
        char br[16] = "";
        if (m->docnum.open) {
            size_t k = nl_utf8_encode(m->docnum.open, br);
            k += nl_utf8_encode(m->docnum.close, br + k);
            br[k] = '\0';
        }
        nl_jw_object(w);
        nl_jw_key(w, "text");
        jspan_text(w, doc, m->docnum.span);
        nl_jw_key(w, "agency");
        jspan_text(w, doc, m->docnum.agency);
        nl_jw_key(w, "year");
        if (m->docnum.year)
            nl_jw_int(w, m->docnum.year);
        else
            nl_jw_null(w);
        nl_jw_kv_int(w, "serial", m->docnum.serial);
        nl_jw_kv_text(w, "brackets", m->docnum.open ? br : NULL);
        nl_jw_kv_bool(w, "order", m->docnum.is_order);
        nl_jw_end(w);
    }
    nl_jw_key(w, "recipient");
    jspan_or_null(w, doc, m->recipient);
    nl_jw_key(w, "issuers");
    nl_jw_array(w);
    if (m->signature)
        for (const nl_node *n = m->signature->first_child; n; n = n->next)
            if (n->kind == NL_NODE_ISSUER)
                jspan_text(w, doc, n->span);
    nl_jw_end(w);
    nl_jw_key(w, "signed");
    jdate(w, doc, &m->signed_date);
    nl_jw_key(w, "published");
    jdate(w, doc, &m->published);
    nl_jw_key(w, "effective");
    nl_jw_object(w);
    nl_jw_kv_text(w, "kind", m->effective_kind == NL_EFFECTIVE_DATE       ? "date"
                             : m->effective_kind == NL_EFFECTIVE_ON_ISSUE ? "on-issue"
                                                                          : "none");
    nl_jw_key(w, "date");
    jdate(w, doc, &m->effective);
    nl_jw_key(w, "clause");
    jspan_or_null(w, doc, m->effective_clause);
    nl_jw_end(w);
    nl_jw_key(w, "validity");
    if (nl_span_empty(m->validity_clause)) {
        nl_jw_null(w);
    } else {
        nl_jw_object(w);
        nl_jw_key(w, "years");
        if (m->valid_years)
            nl_jw_int(w, m->valid_years);
        else
            nl_jw_null(w);
        nl_jw_key(w, "until");
        jdate(w, doc, &m->valid_until);
        nl_jw_key(w, "clause");
        jspan_text(w, doc, m->validity_clause);
        nl_jw_end(w);
    }
    nl_jw_end(w);
}

static void jnode(nl_jw *w, const nl_doc *doc, const nl_node *n)
{
    nl_jw_object(w);
    nl_jw_kv_text(w, "kind", nl_node_kind_name(n->kind));
    nl_jw_key(w, "lines");
    jpair(w, (long long)n->first_line + 1, (long long)n->last_line + 1);
    nl_jw_key(w, "span");
    jpair(w, (long long)n->span.start, (long long)n->span.end);
    if (!nl_span_empty(n->label)) {
        nl_jw_key(w, "label");
        jspan_text(w, doc, n->label);
    }
    if (n->number >= 0)
        nl_jw_kv_int(w, "number", n->number);
    if (n->form != NL_NUM_NONE)
        nl_jw_kv_text(w, "form", nl_numform_name(n->form));
    if (n->kind == NL_NODE_HEADING)
        nl_jw_kv_int(w, "level", n->level);
    if (n->flags) {
        nl_jw_key(w, "flags");
        nl_jw_array(w);
        for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
            if (n->flags & flag_names[i].bit)
                nl_jw_ctext(w, flag_names[i].id);
        nl_jw_end(w);
    }
    if (!nl_span_empty(n->heading)) {
        nl_jw_key(w, "heading");
        jspan_text(w, doc, n->heading);
    }
    if (shows_text(n->kind) && nl_span_empty(n->heading)) {
        nl_span t = node_text(n);
        int cut;
        size_t len = prefix_cps(span_ptr(doc, t), nl_span_len(t), 40, &cut);
        if (len) {
            char *tmp = cut ? malloc(len + 4) : NULL;
            nl_jw_key(w, "text");
            if (!cut) {
                nl_jw_text(w, span_ptr(doc, t), len);
            } else if (tmp) {
                memcpy(tmp, span_ptr(doc, t), len);
                memcpy(tmp + len, "…", 3);
                nl_jw_text(w, tmp, len + 3);
            } else {
                w->st = NL_ERR_NOMEM;
            }
            free(tmp);
        }
    }
    if (n->kind == NL_NODE_ENCLOSED) {
        nl_jw_key(w, "meta");
        jmeta(w, doc, nl_doc_node_meta(doc, n));
    }
    if (n->first_child) {
        nl_jw_key(w, "children");
        nl_jw_array(w);
        for (const nl_node *c = n->first_child; c; c = c->next)
            jnode(w, doc, c);
        nl_jw_end(w);
    }
    nl_jw_end(w);
}

static nl_status json_begin(nl_tree_out *o)
{
    fputs("[", o->f);
    return NL_OK;
}

/* An element of the list (written at the left margin, as it always was). */
static void json_open(nl_tree_out *o, nl_jw *w)
{
    nl_jw_init(w, o->f, 2, 0);
    if (o->count++)
        nl_jw_raw(w, ",\n", 2);
    else
        nl_jw_raw(w, "\n", 1);
    nl_jw_object(w);
}

static nl_status json_close(nl_tree_out *o, nl_jw *w)
{
    nl_jw_end(w);
    nl_status st = nl_jw_finish(w);
    return st != NL_OK ? st : ferror(o->f) ? NL_ERR_IO : NL_OK;
}

static nl_status json_doc(nl_tree_out *o, const nl_doc *doc)
{
    nl_jw w;
    json_open(o, &w);
    nl_jw_kv_text(&w, "path", nl_doc_path(doc));
    nl_jw_kv_text(&w, "format", nl_doc_format(doc));
    nl_jw_kv_text(&w, "encoding", nl_doc_encoding(doc));
    nl_jw_kv_text(&w, "eol", nl_doc_eol(doc));
    nl_jw_kv_int(&w, "lines", (long long)nl_doc_line_count(doc));
    nl_jw_kv_int(&w, "bytes", (long long)nl_doc_len(doc));
    nl_jw_key(&w, "properties");
    nl_jw_object(&w);
    for (int p = 0; p < NL_PROP_COUNT; p++) {
        const char *pv = nl_doc_property(doc, (nl_prop)p);
        if (pv)
            nl_jw_kv_text(&w, nl_prop_name((nl_prop)p), pv);
    }
    nl_jw_end(&w);
    nl_jw_key(&w, "meta");
    jmeta(&w, doc, nl_doc_meta(doc));
    nl_numbering nb = nl_doc_numbering(doc);
    nl_jw_key(&w, "numbering");
    nl_jw_object(&w);
    nl_jw_kv_int(&w, "articles", (long long)nb.articles);
    nl_jw_kv_bool(&w, "continuous", nb.continuous);
    nl_jw_key(&w, "first_bad_line");
    if (nb.first_bad)
        nl_jw_int(&w, (long long)nb.first_bad->first_line + 1);
    else
        nl_jw_null(&w);
    nl_jw_end(&w);
    const nl_node *root = nl_doc_root(doc);
    nl_jw_key(&w, "tree");
    if (root)
        jnode(&w, doc, root);
    else
        nl_jw_null(&w);
    return json_close(o, &w);
}

static nl_status json_error(nl_tree_out *o, const nl_error *e)
{
    nl_jw w;
    json_open(o, &w);
    nl_jw_kv_text(&w, "path", e->path);
    nl_jw_key(&w, "error");
    nl_jw_object(&w);
    nl_jw_kv_text(&w, "status", nl_status_name(e->status));
    nl_jw_kv_text(&w, "message", e->message);
    nl_jw_end(&w);
    return json_close(o, &w);
}

static nl_status json_end(nl_tree_out *o)
{
    fputs(o->count ? "\n]\n" : "]\n", o->f);
    return NL_OK;
}

static const writer writers[] = {
    {"text", no_op, text_doc, text_error, no_op},
    {"json", json_begin, json_doc, json_error, json_end},
    {"summary", no_op, summary_doc, summary_error, no_op},
};

const char *nl_tree_formats(void) { return "text, json, summary"; }

nl_status nl_tree_out_new(nl_tree_out **out, FILE *f, const char *format, nl_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        if (strcmp(writers[i].name, format) != 0)
            continue;
        nl_tree_out *o = calloc(1, sizeof *o);
        if (!o)
            return nl_error_set(err, NL_ERR_NOMEM, NULL, "out of memory");
        o->f = f;
        o->w = &writers[i];
        o->depth = -1;
        nl_status st = o->w->begin(o);
        if (st != NL_OK) {
            free(o);
            return nl_error_set(err, st, NULL, "cannot write output");
        }
        *out = o;
        return NL_OK;
    }
    return nl_error_set(err, NL_ERR_INVALID, NULL, "unknown format '%s' (known: %s)", format, nl_tree_formats());
}

nl_status nl_tree_out_doc(nl_tree_out *o, const nl_doc *doc) { return o->w->doc(o, doc); }
nl_status nl_tree_out_error(nl_tree_out *o, const nl_error *e) { return o->w->error(o, e); }

nl_status nl_tree_out_finish(nl_tree_out *o)
{
    if (!o)
        return NL_OK;
    nl_status st = o->w->end(o);
    if (fflush(o->f) != 0 || ferror(o->f))
        st = NL_ERR_IO;
    free(o);
    return st;
}
