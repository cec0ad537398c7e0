/*
 * json.c — the JSON writer (nl_jw), and jansson behind the small reading
 * interface (the only file that includes <jansson.h>).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "report/json.h"

/* ---- writing ----
 * The one JSON writer (nl_jw, json.h). The layout is jansson's, which
 * test_report pins: with an indent, one member or element per line,
 * "key": value, empty containers as {} and []; compact, no spaces at all.
 * Strings escape ", \\ and the control characters (\b \f \n \r \t by name,
 * the others as \u00XX) and keep everything else as is. */

#define JW_FLUSH_AT 65536

static void jw_fail(nl_jw *w, nl_status st)
{
    if (w->st == NL_OK)
        w->st = st;
}

static void jw_put(nl_jw *w, const char *s, size_t n)
{
    if (w->st != NL_OK || n == 0)
        return;
    /* tested here first: a put that fits makes no call */
    if (w->n + n > w->cap && nl_reserve((void **)&w->buf, &w->cap, w->n + n, 1, 4096) != 0) {
        jw_fail(w, NL_ERR_NOMEM);
        return;
    }
    memcpy(w->buf + w->n, s, n);
    w->n += n;
}

static void jw_puts(nl_jw *w, const char *s) { jw_put(w, s, strlen(s)); }

nl_status nl_jw_flush(nl_jw *w)
{
    if (!w->f)
        return w->st; /* in memory: kept for nl_jw_splice */
    if (w->st == NL_OK && w->n && fwrite(w->buf, 1, w->n, w->f) != w->n)
        jw_fail(w, NL_ERR_IO);
    w->n = 0;
    return w->st;
}

void nl_jw_init(nl_jw *w, FILE *f, int indent, int depth)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->indent = indent;
    w->base = depth;
    w->st = NL_OK;
}

nl_status nl_jw_status(const nl_jw *w) { return w->st; }

nl_status nl_jw_finish(nl_jw *w)
{
    nl_status st = nl_jw_flush(w);
    free(w->buf);
    w->buf = NULL;
    w->cap = 0;
    return st;
}

void nl_jw_raw(nl_jw *w, const char *s, size_t n) { jw_put(w, s, n); }

/* A newline and the indentation of `level` levels. */
static void jw_pad(nl_jw *w, int level)
{
    char sp[64];
    jw_put(w, "\n", 1);
    for (size_t left = (size_t)w->indent * (size_t)level; left;) {
        size_t k = left < sizeof sp ? left : sizeof sp;
        memset(sp, ' ', k);
        jw_put(w, sp, k);
        left -= k;
    }
}

/* What goes before a value: the separator and indentation of an element
   (a member's were written with its key). */
static void jw_before(nl_jw *w)
{
    if (w->keyed) {
        w->keyed = 0;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->items[w->depth - 1])
        jw_put(w, ",", 1);
    w->items[w->depth - 1] = 1;
    if (w->indent)
        jw_pad(w, w->base + w->depth);
}

static void jw_after(nl_jw *w)
{
    if (w->n >= JW_FLUSH_AT)
        nl_jw_flush(w);
}

static void jw_open(nl_jw *w, char c)
{
    jw_before(w);
    if (w->depth == NL_JW_MAX_DEPTH) {
        jw_fail(w, NL_ERR_NOMEM);
        return;
    }
    jw_put(w, &c, 1);
    w->kind[w->depth] = (unsigned char)c;
    w->items[w->depth++] = 0;
}

void nl_jw_object(nl_jw *w) { jw_open(w, '{'); }
void nl_jw_array(nl_jw *w) { jw_open(w, '['); }

void nl_jw_end(nl_jw *w)
{
    if (w->depth == 0)
        return;
    w->depth--;
    if (w->indent && w->items[w->depth])
        jw_pad(w, w->base + w->depth);
    jw_put(w, w->kind[w->depth] == '{' ? "}" : "]", 1);
    jw_after(w);
}

static void jw_string(nl_jw *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    jw_put(w, "\"", 1);
    size_t run = 0; /* bytes that need no escape, written in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        jw_put(w, s + run, i - run);
        run = i + 1;
        char e[6] = {'\\', 0, '0', '0', 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u';
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            n = 6;
        }
        jw_put(w, e, n);
    }
    jw_put(w, s + run, len - run);
    jw_put(w, "\"", 1);
}

void nl_jw_key(nl_jw *w, const char *key)
{
    jw_before(w);
    jw_string(w, key, strlen(key));
    jw_put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
    w->keyed = 1;
}

void nl_jw_text(nl_jw *w, const char *s, size_t n)
{
    char *tmp = NULL;
    size_t len;
    const char *t = nl_utf8_fit(s, n, &tmp, &len);
    jw_before(w);
    if (!t)
        jw_fail(w, NL_ERR_NOMEM);
    else
        jw_string(w, t, len);
    free(tmp);
    jw_after(w);
}

void nl_jw_ctext(nl_jw *w, const char *s)
{
    if (s)
        nl_jw_text(w, s, strlen(s));
    else
        nl_jw_null(w);
}

static void jw_literal(nl_jw *w, const char *s)
{
    jw_before(w);
    jw_puts(w, s);
    jw_after(w);
}

void nl_jw_int(nl_jw *w, long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", v);
    jw_literal(w, num);
}

void nl_jw_bool(nl_jw *w, int v) { jw_literal(w, v ? "true" : "false"); }
void nl_jw_null(nl_jw *w) { jw_literal(w, "null"); }

void nl_jw_kv_text(nl_jw *w, const char *key, const char *s)
{
    nl_jw_key(w, key);
    nl_jw_ctext(w, s);
}

void nl_jw_kv_int(nl_jw *w, const char *key, long long v)
{
    nl_jw_key(w, key);
    nl_jw_int(w, v);
}

void nl_jw_kv_bool(nl_jw *w, const char *key, int v)
{
    nl_jw_key(w, key);
    nl_jw_bool(w, v);
}

void nl_jw_splice(nl_jw *w, const nl_jw *part)
{
    if (part->st != NL_OK)
        jw_fail(w, part->st);
    jw_before(w);
    jw_put(w, part->buf, part->n);
    jw_after(w);
}

void nl_jw_value(nl_jw *w, const nl_json *cv)
{
    const json_t *v = (const json_t *)cv;
    if (!v) {
        jw_fail(w, NL_ERR_NOMEM);
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *val;
        nl_jw_object(w);
        json_t *obj = (json_t *)(uintptr_t)v; /* jansson's iterator wants it non-const; nothing changes */
        json_object_foreach (obj, key, val) {
            nl_jw_key(w, key);
            nl_jw_value(w, (const nl_json *)val);
        }
        nl_jw_end(w);
        return;
    }
    case JSON_ARRAY:
        nl_jw_array(w);
        for (size_t i = 0; i < json_array_size(v); i++)
            nl_jw_value(w, (const nl_json *)json_array_get(v, i));
        nl_jw_end(w);
        return;
    case JSON_STRING: nl_jw_text(w, json_string_value(v), json_string_length(v)); return;
    case JSON_INTEGER: nl_jw_int(w, (long long)json_integer_value(v)); return;
    case JSON_TRUE: nl_jw_bool(w, 1); return;
    case JSON_FALSE: nl_jw_bool(w, 0); return;
    case JSON_NULL: nl_jw_null(w); return;
    case JSON_REAL: { /* only in parsed input (a merged shard): jansson's own form */
        char *r = json_dumps(v, JSON_ENCODE_ANY);
        if (!r) {
            jw_fail(w, NL_ERR_NOMEM);
            return;
        }
        jw_literal(w, r);
        free(r);
        return;
    }
    }
}

void nl_json_free(nl_json *v) { json_decref((json_t *)v); }

/* ---- reading (merge of shard outputs) ---- */

nl_json *nl_json_parse(const char *text, size_t len, char *errbuf, size_t errsize)
{
    json_error_t e;
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
    if (!v && errbuf && errsize)
        snprintf(errbuf, errsize, "%s (column %d)", e.text, e.column);
    return (nl_json *)v;
}

const nl_json *nl_json_get(const nl_json *obj, const char *key)
{
    return (const nl_json *)json_object_get((const json_t *)obj, key);
}

const char *nl_json_string(const nl_json *v) { return json_is_string((const json_t *)v) ? json_string_value((const json_t *)v) : NULL; }

int nl_json_integer(const nl_json *v, long long *out)
{
    if (!json_is_integer((const json_t *)v))
        return 0;
    *out = (long long)json_integer_value((const json_t *)v);
    return 1;
}

size_t nl_json_size(const nl_json *arr) { return json_is_array((const json_t *)arr) ? json_array_size((const json_t *)arr) : 0; }

const nl_json *nl_json_at(const nl_json *arr, size_t i) { return (const nl_json *)json_array_get((const json_t *)arr, i); }
