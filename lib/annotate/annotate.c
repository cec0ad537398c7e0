/*
 * annotate.c — the annotated copy of a DOCX (annotate.h).
 *
 * The draft is loaded with the DOCX loader's map (load/docx.h): the tree of
 * word/document.xml and, for every character of the model text, the text node
 * it came from. A comment's range starts and ends at model offsets; where an
 * offset falls inside a run, the run is split in two (both halves keep the
 * run properties) so that w:commentRangeStart/End sit exactly around the
 * matched text. A finding with no text of its own (a missing clause, which
 * the engine places on the title) or whose text is a rendered list label is
 * anchored on its whole paragraph, and its comment says so.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "load/docx.h"
#include "load/xml.h"
#include "load/zip.h"
#include "normlint/annotate.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define COMMENTS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#define COMMENTS_CT "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
#define INITIALS "NL"

typedef struct ann {
    const char *path;
    const nl_doc *doc;
    nl_docx_map *map;
    nl_xtree *ctree; /* word/comments.xml */
    nl_xnode *croot;
    const char *author, *date;
    long next_id;
    char **removed; /* ids of the comments of an earlier run */
    size_t nremoved, removed_cap;
    int oom;
    nl_annotate_stats *st;
} ann;

/* insert before `before`, or at the end of `parent` when before is NULL */
typedef struct pos {
    nl_xnode *parent, *before;
} pos;

static void put(pos p, nl_xnode *n)
{
    if (p.before)
        nl_xnode_insert_before(p.before, n);
    else
        nl_xnode_append(p.parent, n);
}

static int is_w(const nl_xnode *n, const char *name) { return nl_xnode_is(n, W_NS, name); }

static long id_of(const nl_xnode *n)
{
    char *v = nl_xnode_attr(n, W_NS, "id");
    long id = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return id;
}

static int was_removed(const ann *a, const nl_xnode *n)
{
    char *v = nl_xnode_attr(n, W_NS, "id");
    int hit = 0;
    for (size_t i = 0; v && i < a->nremoved && !hit; i++)
        hit = strcmp(a->removed[i], v) == 0;
    free(v);
    return hit;
}

/* ---- the comments part ---- */

static const char empty_comments[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                     "<w:comments xmlns:w=\"" W_NS "\"></w:comments>";

/* Drop the comments an earlier run of this author wrote; note the highest id. */
static void scan_comments(ann *a)
{
    for (nl_xnode *c = nl_xnode_first(a->croot), *next; c; c = next) {
        next = nl_xnode_next(c);
        if (!is_w(c, "comment"))
            continue;
        long id = id_of(c);
        if (id >= a->next_id)
            a->next_id = id + 1;
        char *author = nl_xnode_attr(c, W_NS, "author"), *ini = nl_xnode_attr(c, W_NS, "initials");
        int ours = author && ini && strcmp(author, a->author) == 0 && strcmp(ini, INITIALS) == 0;
        free(author);
        free(ini);
        if (!ours)
            continue;
        char *v = NULL;
        if (nl_grow((void **)&a->removed, &a->removed_cap, a->nremoved, sizeof *a->removed, 8) != 0 ||
            !(v = nl_xnode_attr(c, W_NS, "id"))) {
            a->oom = 1;
            return;
        }
        a->removed[a->nremoved++] = v;
        nl_xnode_remove(c);
        a->st->replaced++;
    }
}

/* Remove the range marks and references of removed comments from the
 * document, and keep the annotation ids of the rest unique. */
static void scan_document(ann *a, nl_xnode *n)
{
    for (nl_xnode *c = nl_xnode_first(n), *next; c; c = next) {
        next = nl_xnode_next(c);
        if (!nl_xnode_is_element(c))
            continue;
        int mark = is_w(c, "commentRangeStart") || is_w(c, "commentRangeEnd") || is_w(c, "commentReference");
        if (mark || is_w(c, "ins") || is_w(c, "del")) {
            long id = id_of(c);
            if (id >= a->next_id)
                a->next_id = id + 1;
        }
        if (mark && was_removed(a, c)) {
            nl_xnode *run = nl_xnode_parent(c);
            nl_xnode_remove(c);
            /* a reference run that held nothing else goes too */
            if (is_w(run, "r")) {
                int other = 0;
                for (nl_xnode *k = nl_xnode_first(run); k; k = nl_xnode_next(k))
                    other |= nl_xnode_is_element(k) && !is_w(k, "rPr");
                if (!other) {
                    if (next == run)
                        next = nl_xnode_next(run);
                    nl_xnode_remove(run);
                }
            }
            continue;
        }
        scan_document(a, c);
    }
}

static nl_xnode *w_el(ann *a, nl_xtree *t, const nl_xnode *like, const char *name)
{
    nl_xnode *n = nl_xnode_new(t, like, name);
    if (!n)
        a->oom = 1;
    return n;
}

/* <w:p><w:r>[<w:annotationRef/>]</w:r><w:r><w:t>text</w:t></w:r></w:p> */
static void comment_para(ann *a, nl_xnode *comment, const char *text, int first)
{
    nl_xnode *p = w_el(a, a->ctree, a->croot, "p");
    if (!p)
        return;
    nl_xnode_append(comment, p);
    if (first) {
        nl_xnode *r = w_el(a, a->ctree, a->croot, "r"), *ref = w_el(a, a->ctree, a->croot, "annotationRef");
        if (!r || !ref)
            return;
        nl_xnode_append(r, ref);
        nl_xnode_append(p, r);
    }
    nl_xnode *r = w_el(a, a->ctree, a->croot, "r"), *t = w_el(a, a->ctree, a->croot, "t");
    nl_xnode *tx = nl_xnode_new_text(a->ctree, text, strlen(text));
    if (!r || !t || !tx) {
        a->oom = 1;
        return;
    }
    nl_xnode_set_attr(t, 0, "xml:space", "preserve");
    nl_xnode_append(t, tx);
    nl_xnode_append(r, t);
    nl_xnode_append(p, r);
}

static void set_id(nl_xnode *n, long id)
{
    char v[24];
    snprintf(v, sizeof v, "%ld", id);
    nl_xnode_set_attr(n, 1, "id", v);
}

static void add_comment(ann *a, long id, const nl_finding *f, const char *note, const char *fixed_from)
{
    nl_xnode *c = w_el(a, a->ctree, a->croot, "comment");
    if (!c)
        return;
    set_id(c, id);
    nl_xnode_set_attr(c, 1, "author", a->author);
    nl_xnode_set_attr(c, 1, "date", a->date);
    nl_xnode_set_attr(c, 1, "initials", INITIALS);
    nl_xnode_append(a->croot, c);
    nl_buf b = {0};
    const nl_rule *r = f->rule;
    nl_buf_puts(&b, "【");
    nl_buf_puts(&b, nl_severity_zh(f->severity));
    nl_buf_puts(&b, "】");
    nl_buf_puts(&b, nl_rule_title(r));
    nl_buf_puts(&b, "（normlint ");
    nl_buf_puts(&b, nl_rule_id(r));
    nl_buf_puts(&b, "）");
    comment_para(a, c, nl_buf_str(&b), 1);
    b.n = 0;
    nl_buf_puts(&b, f->message);
    if (f->address && f->address[0]) {
        nl_buf_puts(&b, "（");
        nl_buf_puts(&b, f->address);
        nl_buf_puts(&b, "）");
    }
    comment_para(a, c, nl_buf_str(&b), 0);
    if (nl_rule_basis_count(r)) {
        b.n = 0;
        nl_buf_puts(&b, "依据：");
        for (size_t i = 0; i < nl_rule_basis_count(r); i++) {
            if (i)
                nl_buf_puts(&b, "；");
            nl_buf_puts(&b, nl_rule_basis(r, i));
        }
        comment_para(a, c, nl_buf_str(&b), 0);
    }
    const char *advice = nl_rule_advice(r);
    if (advice && advice[0]) {
        b.n = 0;
        nl_buf_puts(&b, "建议：");
        nl_buf_puts(&b, advice);
        comment_para(a, c, nl_buf_str(&b), 0);
    }
    if (fixed_from) {
        b.n = 0;
        nl_buf_puts(&b, "已在修订中将“");
        nl_buf_puts(&b, fixed_from);
        nl_buf_puts(&b, "”改为“");
        nl_buf_puts(&b, f->fix);
        nl_buf_puts(&b, "”，请接受或拒绝该修订。");
        comment_para(a, c, nl_buf_str(&b), 0);
    }
    if (note)
        comment_para(a, c, note, 0);
    if (b.oom)
        a->oom = 1;
    nl_buf_free(&b);
}

/* ---- anchoring ---- */

/* The piece holding model offset s (start ≤ s < end), else the first piece
   after s on s's line; -1 when the line has none. */
static long piece_from(const ann *a, size_t s)
{
    const nl_docx_map *m = a->map;
    size_t lo = 0, hi = m->npieces;
    while (lo < hi) { /* first piece with end > s */
        size_t mid = (lo + hi) / 2;
        if (m->pieces[mid].start + m->pieces[mid].len <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == m->npieces)
        return -1;
    const nl_line *ln = nl_doc_line(a->doc, nl_doc_line_of(a->doc, s));
    return m->pieces[lo].start < ln->end || m->pieces[lo].start <= s ? (long)lo : -1;
}

/* The piece holding the character before e (start < e ≤ end), else the
   last piece before e on that character's line; -1 when none. */
static long piece_to(const ann *a, size_t e)
{
    const nl_docx_map *m = a->map;
    size_t lo = 0, hi = m->npieces;
    while (lo < hi) { /* first piece with start >= e */
        size_t mid = (lo + hi) / 2;
        if (m->pieces[mid].start < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    const nl_line *ln = nl_doc_line(a->doc, nl_doc_line_of(a->doc, e - 1));
    return m->pieces[lo - 1].start + m->pieces[lo - 1].len > ln->start ? (long)lo - 1 : -1;
}

static int child_index(const nl_xnode *parent, const nl_xnode *child)
{
    int i = 0;
    for (const nl_xnode *c = nl_xnode_first(parent); c; c = nl_xnode_next(c), i++)
        if (c == child)
            return i;
    return -1;
}

static nl_xnode *child_at(const nl_xnode *parent, int i)
{
    nl_xnode *c = nl_xnode_first(parent);
    while (c && i-- > 0)
        c = nl_xnode_next(c);
    return c;
}

/* Point the pieces of the text nodes inside `from` at the same nodes of its
   copy `to` (the run was split: the originals are about to go). */
static void repoint(ann *a, size_t pi, nl_xnode *from, nl_xnode *to)
{
    nl_docx_map *m = a->map;
    for (nl_xnode *f = nl_xnode_first(from), *t = nl_xnode_first(to); f && t;
         f = nl_xnode_next(f), t = nl_xnode_next(t)) {
        if (nl_xnode_is_element(f)) {
            repoint(a, pi, f, t);
            continue;
        }
        for (size_t k = pi + 1; k < m->npieces && k < pi + 256; k++)
            if (m->pieces[k].node == f)
                m->pieces[k].node = t;
    }
}

static void insert_piece(ann *a, size_t at, nl_docx_piece p)
{
    nl_docx_map *m = a->map;
    if (nl_grow((void **)&m->pieces, &m->cap, m->npieces, sizeof *m->pieces, 16) != 0) {
        a->oom = 1;
        return;
    }
    memmove(&m->pieces[at + 1], &m->pieces[at], (m->npieces - at) * sizeof *m->pieces);
    m->pieces[at] = p;
    m->npieces++;
}

/* The place in the tree right before model offset pieces[pi].start + k,
   splitting the run there when the offset falls inside it. 0 when the text
   is not in a plain w:r/w:t (then the caller anchors on the paragraph). */
static int split_at(ann *a, size_t pi, size_t k, pos *out)
{
    nl_docx_piece *p = &a->map->pieces[pi];
    nl_xnode *T = p->node, *Wt = nl_xnode_parent(T), *R = nl_xnode_parent(Wt);
    if (!is_w(Wt, "t") || !is_w(R, "r") || nl_xnode_first(Wt) != T || nl_xnode_next(T))
        return 0;
    size_t tlen = strlen(nl_xnode_text(T)), off = p->off + k;
    if (off > tlen)
        return 0;
    int before = 0, after = 0; /* content around Wt inside the run */
    for (nl_xnode *c = nl_xnode_prev(Wt); c; c = nl_xnode_prev(c))
        before |= nl_xnode_is_element(c) && !is_w(c, "rPr");
    for (nl_xnode *c = nl_xnode_next(Wt); c; c = nl_xnode_next(c))
        after |= nl_xnode_is_element(c);
    out->parent = nl_xnode_parent(R);
    if (off == 0 && !before) {
        out->before = R;
        return 1;
    }
    if (off == tlen && !after) {
        out->before = nl_xnode_next(R);
        return 1;
    }
    /* split: R keeps what is before the offset, its copy R2 the rest */
    int wi = child_index(R, Wt);
    char *text = strdup(nl_xnode_text(T));
    nl_xnode *R2 = text ? nl_xnode_copy(R) : NULL;
    if (!R2) {
        free(text);
        a->oom = 1;
        return 0;
    }
    nl_xnode_insert_after(R, R2);
    nl_xnode *Wt2 = child_at(R2, wi), *T2 = nl_xnode_first(Wt2);
    /* text nodes after Wt now live in R2 */
    for (nl_xnode *c = nl_xnode_next(Wt), *c2 = nl_xnode_next(Wt2); c && c2; c = nl_xnode_next(c), c2 = nl_xnode_next(c2))
        if (nl_xnode_is_element(c))
            repoint(a, pi, c, c2);
    while (nl_xnode_next(Wt))
        nl_xnode_remove(nl_xnode_next(Wt));
    for (nl_xnode *c = nl_xnode_first(R2), *next; c && c != Wt2; c = next) {
        next = nl_xnode_next(c);
        if (!is_w(c, "rPr"))
            nl_xnode_remove(c);
    }
    nl_xnode_set_text(T2, text + off, tlen - off);
    nl_xnode_set_attr(Wt2, 0, "xml:space", "preserve");
    if (off == 0) {
        nl_xnode_remove(Wt); /* everything of T moved on: the piece follows it */
        p->node = T2;
    } else {
        nl_xnode_set_text(T, text, off);
        nl_xnode_set_attr(Wt, 0, "xml:space", "preserve");
        if (off == tlen) {
            nl_xnode_remove(Wt2);
        } else {
            size_t len = p->len;
            p->len = k;
            insert_piece(a, pi + 1, (nl_docx_piece){p->start + k, len - k, T2, 0});
        }
    }
    free(text);
    out->parent = nl_xnode_parent(R2);
    out->before = R2;
    return 1;
}

/* Move a position out of tracked insertions and hyperlinks, splitting them
   there, so the range marks sit at paragraph level where every reader
   (pandoc too) finds them; the halves of a w:ins keep author and date. */
static pos lift(ann *a, pos p)
{
    while (p.parent && (is_w(p.parent, "ins") || is_w(p.parent, "hyperlink"))) {
        nl_xnode *c = p.parent;
        int before = 0;
        for (nl_xnode *k = p.before ? nl_xnode_prev(p.before) : NULL; k && !before; k = nl_xnode_prev(k))
            before = nl_xnode_is_element(k);
        if (!p.before && !nl_xnode_first(c))
            before = 0;
        pos up = {nl_xnode_parent(c), c};
        if (!p.before) {
            up.before = nl_xnode_next(c);
        } else if (before) {
            nl_xnode *c2 = nl_xnode_copy_shell(c);
            if (!c2) {
                a->oom = 1;
                return p;
            }
            if (is_w(c2, "ins"))
                set_id(c2, a->next_id++);
            nl_xnode_insert_after(c, c2);
            for (nl_xnode *k = p.before, *next; k; k = next) {
                next = nl_xnode_next(k);
                nl_xnode_unlink(k);
                nl_xnode_append(c2, k);
            }
            up.before = c2;
        }
        p = up;
    }
    return p;
}

/* The paragraph a finding without a usable text range is anchored on. */
static nl_xnode *para_of(const ann *a, size_t offset)
{
    const nl_docx_map *m = a->map;
    size_t li = nl_doc_line_of(a->doc, offset);
    for (size_t i = li; i < m->nparas; i++)
        if (m->paras[i])
            return m->paras[i];
    for (size_t i = li < m->nparas ? li : m->nparas; i-- > 0;)
        if (m->paras[i])
            return m->paras[i];
    return NULL;
}

static nl_xnode *ref_run(ann *a, long id)
{
    nl_xtree *t = a->map->tree;
    nl_xnode *root = nl_xtree_root(t);
    nl_xnode *r = w_el(a, t, root, "r"), *ref = w_el(a, t, root, "commentReference");
    if (!r || !ref)
        return NULL;
    set_id(ref, id);
    nl_xnode_append(r, ref);
    return r;
}

/* Between the two marks only runs of plain text (w:r with w:rPr and w:t):
   wrap them in w:del (their w:t become w:delText) and add a w:ins with the
   fix in the first run's properties. Returns the deleted text (malloc'd) or
   NULL when the range holds anything else. */
static char *track_fix(ann *a, nl_xnode *start, nl_xnode *end, const char *fix, long id_del, long id_ins)
{
    nl_xtree *t = a->map->tree;
    nl_xnode *first = nl_xnode_next(start);
    if (nl_xnode_parent(start) != nl_xnode_parent(end) || first == end)
        return NULL;
    for (nl_xnode *c = first; c != end; c = nl_xnode_next(c)) {
        if (!c || !is_w(c, "r"))
            return NULL;
        for (nl_xnode *k = nl_xnode_first(c); k; k = nl_xnode_next(k))
            if (nl_xnode_is_element(k) && !is_w(k, "rPr") && !is_w(k, "t"))
                return NULL;
    }
    nl_buf old = {0};
    nl_xnode *del = w_el(a, t, start, "del"), *ins = w_el(a, t, start, "ins");
    nl_xnode *run = w_el(a, t, start, "r"), *wt = w_el(a, t, start, "t");
    nl_xnode *tx = nl_xnode_new_text(t, fix, strlen(fix));
    if (!del || !ins || !run || !wt || !tx) {
        a->oom = 1;
        return NULL;
    }
    for (nl_xnode *n = del; n; n = n == del ? ins : NULL) {
        set_id(n, n == del ? id_del : id_ins);
        nl_xnode_set_attr(n, 1, "author", a->author);
        nl_xnode_set_attr(n, 1, "date", a->date);
    }
    for (nl_xnode *k = nl_xnode_first(first); k; k = nl_xnode_next(k))
        if (is_w(k, "rPr")) {
            nl_xnode *rpr = nl_xnode_copy(k);
            if (rpr)
                nl_xnode_append(run, rpr);
        }
    nl_xnode_set_attr(wt, 0, "xml:space", "preserve");
    nl_xnode_append(wt, tx);
    nl_xnode_append(run, wt);
    nl_xnode_append(ins, run);
    nl_xnode_insert_before(first, del);
    for (nl_xnode *c = first, *next; c != end; c = next) {
        next = nl_xnode_next(c);
        nl_xnode_unlink(c);
        nl_xnode_append(del, c);
        for (nl_xnode *k = nl_xnode_first(c); k; k = nl_xnode_next(k))
            if (is_w(k, "t")) {
                nl_buf_puts(&old, nl_xnode_text(nl_xnode_first(k)));
                nl_xnode_rename(k, "delText");
            }
    }
    nl_xnode_insert_after(del, ins);
    if (old.oom)
        a->oom = 1;
    return old.p ? old.p : strdup("");
}

static void annotate_finding(ann *a, const nl_finding *f, int fix, size_t *fixed_to)
{
    long id = a->next_id++;
    nl_xtree *t = a->map->tree;
    nl_xnode *root = nl_xtree_root(t);
    nl_xnode *start = w_el(a, t, root, "commentRangeStart"), *end = w_el(a, t, root, "commentRangeEnd");
    nl_xnode *ref = ref_run(a, id);
    if (!start || !end || !ref)
        return;
    set_id(start, id);
    set_id(end, id);
    const char *note = NULL;
    int exact = 0;
    size_t s = f->span.start, e = f->span.end;
    if (e > s && strcmp(nl_rule_kind(f->rule), "require") != 0) {
        long ps = piece_from(a, s), pe0 = piece_to(a, e);
        pos p1, p2;
        /* the text of the range that is really in runs (not a list label) */
        size_t s_in = ps >= 0 && s < a->map->pieces[ps].start ? a->map->pieces[ps].start : s;
        size_t e_in = pe0 >= 0 && e > a->map->pieces[pe0].start + a->map->pieces[pe0].len
                          ? a->map->pieces[pe0].start + a->map->pieces[pe0].len
                          : e;
        if (ps >= 0 && pe0 >= 0 && s_in < e_in) {
            const nl_docx_piece *pc = &a->map->pieces[ps];
            size_t k = s > pc->start ? s - pc->start : 0;
            if (split_at(a, (size_t)ps, k, &p1)) {
                p1 = lift(a, p1);
                put(p1, start);
                long pe = piece_to(a, e);
                if (pe >= 0) {
                    const nl_docx_piece *qc = &a->map->pieces[pe];
                    size_t k2 = e < qc->start + qc->len ? e - qc->start : qc->len;
                    exact = split_at(a, (size_t)pe, k2, &p2);
                    if (exact)
                        p2 = lift(a, p2);
                }
                if (!exact)
                    nl_xnode_unlink(start);
            }
        }
        if (exact)
            put(p2, end);
    }
    char *fixed_from = NULL;
    if (exact) {
        nl_xnode_insert_after(end, ref);
        a->st->on_text++;
        if (fix && f->fix && s >= *fixed_to) {
            fixed_from = track_fix(a, start, end, f->fix, a->next_id, a->next_id + 1);
            if (fixed_from) {
                a->next_id += 2;
                a->st->fixes++;
                *fixed_to = e;
            }
        }
    } else {
        nl_xnode *p = para_of(a, s);
        if (!p) {
            nl_xnode_remove(start);
            nl_xnode_remove(end);
            nl_xnode_remove(ref);
            return;
        }
        nl_xnode *first = nl_xnode_first(p);
        while (first && (!nl_xnode_is_element(first) || is_w(first, "pPr")))
            first = nl_xnode_next(first);
        put((pos){p, first}, start);
        nl_xnode_append(p, end);
        nl_xnode_append(p, ref);
        note = e <= s                                           ? "（此问题没有对应的具体文字，批注标在所在段落上。）"
               : strcmp(nl_rule_kind(f->rule), "require") == 0 ? "（文件中没有相应的规定，此批注标在标题上。）"
                                                               : "（所指文字是 Word 自动生成的编号，批注标在该段落上。）";
    }
    add_comment(a, id, f, note, fixed_from);
    free(fixed_from);
    a->st->comments++;
}

/* ---- relationships and content types ---- */

/* Add the comments relationship when the document has none. 1 if changed. */
static int ensure_rel(ann *a, nl_xtree *rels)
{
    nl_xnode *root = nl_xtree_root(rels);
    int n = 0, has = 0;
    char id[32];
    for (nl_xnode *c = nl_xnode_first(root); c; c = nl_xnode_next(c)) {
        char *type = nl_xnode_attr(c, NULL, "Type");
        has |= type && strcmp(type, COMMENTS_REL) == 0;
        free(type);
        n++;
    }
    if (has)
        return 0;
    /* an Id no other relationship has */
    for (int k = n + 1;; k++) {
        snprintf(id, sizeof id, "rId%d", k);
        int taken = 0;
        for (nl_xnode *c = nl_xnode_first(root); c && !taken; c = nl_xnode_next(c)) {
            char *v = nl_xnode_attr(c, NULL, "Id");
            taken = v && strcmp(v, id) == 0;
            free(v);
        }
        if (!taken)
            break;
    }
    nl_xnode *r = w_el(a, rels, root, "Relationship");
    if (!r)
        return 0;
    nl_xnode_set_attr(r, 0, "Id", id);
    nl_xnode_set_attr(r, 0, "Type", COMMENTS_REL);
    nl_xnode_set_attr(r, 0, "Target", "comments.xml");
    nl_xnode_append(root, r);
    return 1;
}

static int ensure_ct(ann *a, nl_xtree *ct)
{
    nl_xnode *root = nl_xtree_root(ct);
    for (nl_xnode *c = nl_xnode_first(root); c; c = nl_xnode_next(c)) {
        char *part = nl_xnode_attr(c, NULL, "PartName");
        int has = part && strcmp(part, "/word/comments.xml") == 0;
        free(part);
        if (has)
            return 0;
    }
    nl_xnode *o = w_el(a, ct, root, "Override");
    if (!o)
        return 0;
    nl_xnode_set_attr(o, 0, "PartName", "/word/comments.xml");
    nl_xnode_set_attr(o, 0, "ContentType", COMMENTS_CT);
    nl_xnode_append(root, o);
    return 1;
}

static const char empty_rels[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                 "<Relationships xmlns=\"" REL_NS "\"></Relationships>";

/* ---- the whole ---- */

static void now_iso(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Read member `name` into a tree, or parse `fallback` when it is absent. */
static nl_status part_tree(nl_zip *z, const char *path, const char *name, const char *fallback, nl_xtree **out,
                           int *existed, nl_error *err)
{
    char *xml = NULL;
    size_t n = 0;
    *existed = nl_zip_has(z, name);
    if (*existed) {
        nl_status st = nl_zip_read(z, name, &xml, &n, err);
        if (st != NL_OK)
            return st;
    }
    nl_status st = nl_xtree_parse(out, path, name, xml ? xml : fallback, xml ? n : strlen(fallback), err);
    free(xml);
    return st;
}

nl_status nl_annotate_docx(const unsigned char *data, size_t len, const char *path, const nl_ruleset *rs,
                           nl_matcher *m, const nl_check_opts *copts, const nl_load_opts *lopts,
                           const nl_annotate_opts *opts, unsigned char **out, size_t *outlen, nl_result **res,
                           nl_annotate_stats *stats, nl_error *err)
{
    *out = NULL;
    *outlen = 0;
    *res = NULL;
    memset(stats, 0, sizeof *stats);
    nl_doc *doc = NULL;
    nl_docx_map *map = NULL;
    nl_zip *z = NULL;
    nl_xtree *rels = NULL, *ct = NULL;
    char *parts[4] = {NULL, NULL, NULL, NULL};
    size_t lens[4] = {0, 0, 0, 0};
    const char *names[4];
    size_t nparts = 0;
    char date[32];
    ann a;
    memset(&a, 0, sizeof a);

    if (!nl_zip_magic(data, len))
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "not a DOCX file (annotate writes Word documents only)");
    nl_status st = nl_docx_load_mapped(&doc, &map, path, data, len, lopts, err);
    if (st != NL_OK)
        return st;
    if ((st = nl_check(res, m, rs, doc, copts, err)) != NL_OK)
        goto done;
    nl_zip_limits zl = {lopts ? lopts->zip_entries : 0, lopts ? lopts->zip_entry_size : 0,
                        lopts ? lopts->zip_total_size : 0, lopts ? lopts->zip_ratio : 0};
    if ((st = nl_zip_open(&z, path, data, len, &zl, err)) != NL_OK)
        goto done;
    int had_comments, had_rels, had_ct;
    if ((st = part_tree(z, path, "word/comments.xml", empty_comments, &a.ctree, &had_comments, err)) != NL_OK ||
        (st = part_tree(z, path, "word/_rels/document.xml.rels", empty_rels, &rels, &had_rels, err)) != NL_OK ||
        (st = part_tree(z, path, "[Content_Types].xml", "<Types xmlns=\"" CT_NS "\"/>", &ct, &had_ct, err)) != NL_OK)
        goto done;
    if (opts && opts->date)
        snprintf(date, sizeof date, "%s", opts->date);
    else
        now_iso(date, sizeof date);
    a.path = path;
    a.doc = doc;
    a.map = map;
    a.croot = nl_xtree_root(a.ctree);
    a.author = opts && opts->author && *opts->author ? opts->author : "normlint";
    a.date = date;
    a.st = stats;
    if (!a.croot || !nl_xtree_root(map->tree) || !nl_xtree_root(rels) || !nl_xtree_root(ct)) {
        st = nl_error_set(err, NL_ERR_PARSE, path, "a part of the DOCX package has no root element");
        goto done;
    }
    scan_comments(&a);
    scan_document(&a, nl_xtree_root(map->tree));
    size_t fixed_to = 0;
    for (size_t i = 0; i < nl_result_count(*res) && !a.oom; i++)
        annotate_finding(&a, nl_result_finding(*res, i), opts && opts->fix, &fixed_to);
    if (a.oom) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    /* the parts that change */
    names[nparts] = "word/document.xml";
    if (nl_xtree_dump(map->tree, &parts[nparts], &lens[nparts]) != NL_OK)
        a.oom = 1;
    nparts++;
    if (stats->comments || stats->replaced || had_comments) {
        names[nparts] = "word/comments.xml";
        if (nl_xtree_dump(a.ctree, &parts[nparts], &lens[nparts]) != NL_OK)
            a.oom = 1;
        nparts++;
        if (ensure_rel(&a, rels)) {
            names[nparts] = "word/_rels/document.xml.rels";
            if (nl_xtree_dump(rels, &parts[nparts], &lens[nparts]) != NL_OK)
                a.oom = 1;
            nparts++;
        }
        if (ensure_ct(&a, ct)) {
            names[nparts] = "[Content_Types].xml";
            if (nl_xtree_dump(ct, &parts[nparts], &lens[nparts]) != NL_OK)
                a.oom = 1;
            nparts++;
        }
    }
    if (a.oom) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    st = nl_zip_rewrite(data, len, names, (const char *const *)parts, lens, nparts, out, outlen, err);
    if (st != NL_OK && err)
        snprintf(err->path, sizeof err->path, "%s", path);
done:
    for (size_t i = 0; i < 4; i++)
        free(parts[i]);
    for (size_t i = 0; i < a.nremoved; i++)
        free(a.removed[i]);
    free(a.removed);
    nl_xtree_free(a.ctree);
    nl_xtree_free(rels);
    nl_xtree_free(ct);
    nl_zip_close(z);
    nl_docx_map_free(map);
    nl_doc_free(doc);
    if (st != NL_OK) {
        nl_result_free(*res);
        *res = NULL;
    }
    return st;
}
