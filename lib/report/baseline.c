/*
 * baseline.c — recording findings to accept for now, and setting aside the
 * ones a later run finds again (report.h says how they are matched).
 *
 * The file is JSON:
 *   {"tool": "normlint", "baseline": 2, "paths": "relative to the root",
 *    "findings": [{"path": …, "rule": …, "fingerprint": …, "text": …,
 *                  "address": …, "line": …}, …]}
 * "address" and "line" are for the reader; matching uses path, rule,
 * fingerprint and text. Paths are keyed relative to the baseline's root (the
 * caller's choice: the top of the git work tree, else the baseline file's
 * folder), so a baseline matches from any working directory, with absolute
 * paths and with the staged paths git names. Version 1 files held the paths
 * as typed; they are read relative to the directory relative paths start
 * from.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "report/json.h"
#include "normlint/report.h"

typedef struct entry {
    char *path, *rule, *text, *address;
    char fp[17];
    size_t line;
    int used;
} entry;

struct nl_baseline {
    char *root; /* absolute: paths are keyed relative to it */
    char *base; /* absolute: where relative document paths start */
    entry *e;
    size_t n, cap;
    entry **by_path; /* sorted by path (then input order) for lookups */
    int sorted;
};

/* An absolute form of `dir`: its real path, else (a folder that does not
   exist) as given when absolute, else below the current directory. */
static char *abs_dir(const char *dir)
{
    char buf[PATH_MAX], cwd[PATH_MAX];
    if (realpath(dir, buf))
        return strdup(buf);
    if (dir[0] == '/' || !getcwd(cwd, sizeof cwd))
        return strdup(dir);
    size_t n = strlen(cwd) + strlen(dir) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", cwd, dir);
    return out;
}

nl_status nl_baseline_new(nl_baseline **out, const char *root, const char *base)
{
    nl_baseline *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return NL_ERR_NOMEM;
    b->root = abs_dir(root && *root ? root : ".");
    b->base = abs_dir(base && *base ? base : ".");
    if (!b->root || !b->base) {
        nl_baseline_free(b);
        return NL_ERR_NOMEM;
    }
    *out = b;
    return NL_OK;
}

void nl_baseline_free(nl_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->e[i].path);
        free(b->e[i].rule);
        free(b->e[i].text);
        free(b->e[i].address);
    }
    free(b->e);
    free(b->by_path);
    free(b->root);
    free(b->base);
    free(b);
}

size_t nl_baseline_count(const nl_baseline *b) { return b ? b->n : 0; }

/* "./a/./b.txt" and "a//b.txt" are "a/b.txt" */
static char *norm_path(const char *p)
{
    char *out = malloc(strlen(p) + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    for (; *p; p++) {
        if (*p == '/' && (p[1] == '/' || (p[1] == '.' && p[2] == '/'))) {
            if (p[1] == '.')
                p++;
            continue;
        }
        out[w++] = *p;
    }
    out[w] = '\0';
    return out;
}

/* The key of a document path: absolute (the file's real path when it exists,
   else `base` + path with . and .. taken out), then relative to the root
   when it lies below it. */
static char *key_of(const nl_baseline *b, const char *path)
{
    char real[PATH_MAX];
    size_t n = strlen(b->base) + strlen(path) + 2;
    char *full = malloc(n);
    if (!full)
        return NULL;
    if (path[0] == '/')
        snprintf(full, n, "%s", path);
    else
        snprintf(full, n, "%s/%s", b->base, path);
    /* the file's real path when it exists (a link, a folder reached through one) */
    if (realpath(full, real)) {
        free(full);
        if (!(full = strdup(real)))
            return NULL;
    }
    /* lexically: drop empty and . components, resolve .. */
    char *out = malloc(strlen(full) + 2);
    if (!out) {
        free(full);
        return NULL;
    }
    size_t w = 0;
    for (char *p = full; *p;) {
        while (*p == '/')
            p++;
        char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (w > 0 && out[w - 1] != '/')
                w--;
            if (w > 0)
                w--;
        } else {
            out[w++] = '/';
            memcpy(out + w, p, len);
            w += len;
        }
        p = e;
    }
    out[w] = '\0';
    if (w == 0)
        strcpy(out, "/");
    free(full);
    size_t rl = strlen(b->root);
    if (strcmp(b->root, "/") == 0)
        memmove(out, out + 1, strlen(out));
    else if (strncmp(out, b->root, rl) == 0 && out[rl] == '/')
        memmove(out, out + rl + 1, strlen(out + rl + 1) + 1);
    return out;
}

/* The matched text without whitespace (what the fingerprint hashes). */
static char *matched_text(const nl_doc *doc, const nl_finding *f)
{
    const char *t = nl_doc_text(doc);
    size_t s = f->span.start, e = f->span.end, len = nl_doc_len(doc);
    if (e > len)
        e = len;
    if (s > e)
        s = e;
    char *out = malloc(e - s + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = s; i < e;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(t + i, e - i, &cp);
        if (!k)
            k = 1;
        if (!nl_cp_is_space(cp) && cp != '\n' && cp != '\r') {
            memcpy(out + w, t + i, k);
            w += k;
        }
        i += k;
    }
    out[w] = '\0';
    return out;
}

static entry *new_entry(nl_baseline *b)
{
    if (nl_grow((void **)&b->e, &b->cap, b->n, sizeof *b->e, 64) != 0)
        return NULL;
    entry *e = &b->e[b->n];
    memset(e, 0, sizeof *e);
    b->sorted = 0;
    return e;
}

static int entry_ok(const entry *e) { return e->path && e->rule && e->text && e->address; }

nl_status nl_baseline_add(nl_baseline *b, const nl_doc *doc, const nl_result *res)
{
    for (size_t i = 0; i < nl_result_count(res); i++) {
        const nl_finding *f = nl_result_finding(res, i);
        entry *e = new_entry(b);
        if (!e)
            return NL_ERR_NOMEM;
        e->path = key_of(b, nl_doc_path(doc));
        e->rule = strdup(nl_rule_id(f->rule));
        e->text = matched_text(doc, f);
        e->address = strdup(f->address);
        memcpy(e->fp, f->fingerprint, sizeof e->fp);
        e->line = f->start.line;
        b->n++;
        if (!entry_ok(e))
            return NL_ERR_NOMEM;
    }
    return NL_OK;
}

nl_status nl_baseline_write(const nl_baseline *b, FILE *f)
{
    nl_jw w;
    nl_jw_init(&w, f, 2, 0);
    nl_jw_object(&w);
    nl_jw_kv_text(&w, "tool", "normlint");
    nl_jw_kv_int(&w, "baseline", 2);
    nl_jw_kv_text(&w, "paths", "relative to the root (the top of the git work tree, else the folder of this file)");
    nl_jw_key(&w, "findings");
    nl_jw_array(&w);
    for (size_t i = 0; i < b->n; i++) {
        const entry *e = &b->e[i];
        nl_jw_object(&w);
        nl_jw_kv_text(&w, "path", e->path);
        nl_jw_kv_text(&w, "rule", e->rule);
        nl_jw_kv_text(&w, "fingerprint", e->fp);
        nl_jw_kv_text(&w, "text", e->text);
        nl_jw_kv_text(&w, "address", e->address);
        nl_jw_kv_int(&w, "line", (long long)e->line);
        nl_jw_end(&w);
    }
    nl_jw_end(&w);
    nl_jw_end(&w);
    nl_jw_raw(&w, "\n", 1);
    return nl_jw_finish(&w);
}

nl_status nl_baseline_load(nl_baseline **out, const char *path, const char *rootdir, const char *base,
                           nl_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    nl_status rst = nl_read_file(path, "the baseline", (size_t)256 << 20, &buf, &len, err);
    if (rst != NL_OK)
        return rst;
    char why[200];
    nl_json *root = nl_json_parse(buf ? buf : "", len, why, sizeof why);
    free(buf);
    if (!root)
        return nl_error_set(err, NL_ERR_PARSE, path, "not a normlint baseline: %s", why);
    const nl_json *arr = nl_json_get(root, "findings");
    const char *tool = nl_json_string(nl_json_get(root, "tool"));
    long long version = 0;
    if (!arr || !tool || strcmp(tool, "normlint") != 0 || !nl_json_integer(nl_json_get(root, "baseline"), &version) ||
        (version != 1 && version != 2)) {
        nl_json_free(root);
        return nl_error_set(err, NL_ERR_PARSE, path,
                            "not a normlint baseline (write one with check --write-baseline)");
    }
    nl_baseline *b = NULL;
    if (nl_baseline_new(&b, rootdir, base) != NL_OK) {
        nl_json_free(root);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    nl_status st = NL_OK;
    for (size_t i = 0; i < nl_json_size(arr) && st == NL_OK; i++) {
        const nl_json *o = nl_json_at(arr, i);
        const char *p = nl_json_string(nl_json_get(o, "path")), *r = nl_json_string(nl_json_get(o, "rule"));
        const char *fp = nl_json_string(nl_json_get(o, "fingerprint")), *t = nl_json_string(nl_json_get(o, "text"));
        const char *a = nl_json_string(nl_json_get(o, "address"));
        long long line = 0;
        nl_json_integer(nl_json_get(o, "line"), &line);
        if (!p || !r || !fp || !t || strlen(fp) != 16) {
            st = nl_error_set(err, NL_ERR_PARSE, path, "entry %zu of \"findings\" lacks path, rule, fingerprint or text",
                              i + 1);
            break;
        }
        entry *e = new_entry(b);
        if (!e) {
            st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
            break;
        }
        /* version 2 holds keys; version 1 the paths as typed */
        e->path = version == 2 ? norm_path(p) : key_of(b, p);
        e->rule = strdup(r);
        e->text = strdup(t);
        e->address = strdup(a ? a : "");
        memcpy(e->fp, fp, 17);
        e->line = line > 0 ? (size_t)line : 0;
        b->n++;
        if (!entry_ok(e))
            st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    nl_json_free(root);
    if (st != NL_OK) {
        nl_baseline_free(b);
        return st;
    }
    *out = b;
    return NL_OK;
}

static int cmp_path(const void *x, const void *y)
{
    const entry *a = *(entry *const *)x, *b = *(entry *const *)y;
    int c = strcmp(a->path, b->path);
    return c ? c : (a < b ? -1 : a > b);
}

nl_status nl_baseline_apply(nl_baseline *b, const nl_doc *doc, nl_result *res)
{
    size_t n = nl_result_count(res);
    if (!b->n || !n)
        return NL_OK;
    if (!b->sorted) {
        free(b->by_path);
        if (!(b->by_path = malloc(b->n * sizeof *b->by_path)))
            return NL_ERR_NOMEM;
        for (size_t i = 0; i < b->n; i++)
            b->by_path[i] = &b->e[i];
        qsort(b->by_path, b->n, sizeof *b->by_path, cmp_path);
        b->sorted = 1;
    }
    char *path = key_of(b, nl_doc_path(doc));
    if (!path)
        return NL_ERR_NOMEM;
    /* the entries of this path: [lo, hi) */
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(b->by_path[mid]->path, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    hi = lo;
    while (hi < b->n && strcmp(b->by_path[hi]->path, path) == 0)
        hi++;
    free(path);
    if (lo == hi)
        return NL_OK;
    unsigned char *mask = calloc(n, 1);
    char **texts = calloc(n, sizeof *texts);
    nl_status st = NL_OK;
    if (!mask || !texts) {
        st = NL_ERR_NOMEM;
        goto done;
    }
    /* pass 1: the same fingerprint */
    for (size_t i = 0; i < n; i++) {
        const nl_finding *f = nl_result_finding(res, i);
        for (size_t k = lo; k < hi; k++) {
            entry *e = b->by_path[k];
            if (!e->used && strcmp(e->fp, f->fingerprint) == 0 && strcmp(e->rule, nl_rule_id(f->rule)) == 0) {
                e->used = mask[i] = 1;
                break;
            }
        }
    }
    /* pass 2: the same rule and matched text under another address */
    for (size_t i = 0; i < n; i++) {
        if (mask[i])
            continue;
        const nl_finding *f = nl_result_finding(res, i);
        for (size_t k = lo; k < hi; k++) {
            entry *e = b->by_path[k];
            if (e->used || strcmp(e->rule, nl_rule_id(f->rule)) != 0)
                continue;
            if (!texts[i] && !(texts[i] = matched_text(doc, f))) {
                st = NL_ERR_NOMEM;
                goto done;
            }
            if (strcmp(e->text, texts[i]) == 0) {
                e->used = mask[i] = 1;
                break;
            }
        }
    }
    st = nl_result_set_aside(res, mask, NL_SUPPRESS_BASELINE);
done:
    for (size_t i = 0; texts && i < n; i++)
        free(texts[i]);
    free(texts);
    free(mask);
    return st;
}
