/*
 * json.c — jansson behind the small nl_json interface (the only file that
 * includes <jansson.h>).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "report/json.h"

static json_t *J(nl_json *v) { return (json_t *)v; }

nl_json *nl_json_object(void) { return (nl_json *)json_object(); }
nl_json *nl_json_array(void) { return (nl_json *)json_array(); }
nl_json *nl_json_str(const char *s, size_t len) { return (nl_json *)json_stringn(s, len); }
nl_json *nl_json_str_valid(const char *s, size_t len) { return (nl_json *)json_stringn_nocheck(s, len); }
nl_json *nl_json_cstr(const char *s) { return s ? (nl_json *)json_string(s) : (nl_json *)json_null(); }
nl_json *nl_json_int(long long v) { return (nl_json *)json_integer((json_int_t)v); }
nl_json *nl_json_bool(int v) { return (nl_json *)json_boolean(v); }
nl_json *nl_json_null(void) { return (nl_json *)json_null(); }

int nl_json_set(nl_json *obj, const char *key, nl_json *val)
{
    if (!obj || !val) {
        json_decref(J(val));
        return -1;
    }
    /* json_object_set_new steals the reference even when it fails */
    return json_object_set_new(J(obj), key, J(val)) == 0 ? 0 : -1;
}

int nl_json_push(nl_json *arr, nl_json *val)
{
    if (!arr || !val) {
        json_decref(J(val));
        return -1;
    }
    return json_array_append_new(J(arr), J(val)) == 0 ? 0 : -1;
}

/* ---- writing ----
 * The values are written here rather than by json_dumpf: jansson's dump was
 * a tenth of a whole check, and a report's text must not depend on it. The
 * layout is jansson's, which test_report pins: with an indent, one member or
 * element per line, "key": value, empty containers as {} and []; compact,
 * no spaces at all. Strings escape ", \\ and the control characters (\b \f
 * \n \r \t by name, the others as \u00XX) and keep everything else as is. */

static void put_pad(nl_buf *b, int indent, int depth)
{
    size_t n = 1 + (size_t)indent * (size_t)depth;
    char *w = nl_buf_reserve(b, n);
    if (!w)
        return;
    w[0] = '\n';
    memset(w + 1, ' ', n - 1);
    nl_buf_commit(b, n);
}

static void put_string(nl_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    nl_buf_put(b, "\"", 1);
    size_t run = 0; /* bytes that need no escape, written in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        nl_buf_put(b, s + run, i - run);
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
        nl_buf_put(b, e, n);
    }
    nl_buf_put(b, s + run, len - run);
    nl_buf_put(b, "\"", 1);
}

static int put_value(nl_buf *b, const json_t *v, int indent, int depth)
{
    char num[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *val;
        int first = 1;
        nl_buf_put(b, "{", 1);
        json_t *obj = (json_t *)(uintptr_t)v; /* jansson's iterator wants it non-const; nothing changes */
        json_object_foreach (obj, key, val) {
            if (!first)
                nl_buf_put(b, ",", 1);
            first = 0;
            if (indent)
                put_pad(b, indent, depth + 1);
            put_string(b, key, strlen(key));
            nl_buf_put(b, indent ? ": " : ":", indent ? 2 : 1);
            if (put_value(b, val, indent, depth + 1) != 0)
                return -1;
        }
        if (indent && !first)
            put_pad(b, indent, depth);
        nl_buf_put(b, "}", 1);
        return 0;
    }
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        nl_buf_put(b, "[", 1);
        for (size_t i = 0; i < n; i++) {
            if (i)
                nl_buf_put(b, ",", 1);
            if (indent)
                put_pad(b, indent, depth + 1);
            if (put_value(b, json_array_get(v, i), indent, depth + 1) != 0)
                return -1;
        }
        if (indent && n)
            put_pad(b, indent, depth);
        nl_buf_put(b, "]", 1);
        return 0;
    }
    case JSON_STRING: put_string(b, json_string_value(v), json_string_length(v)); return 0;
    case JSON_INTEGER:
        nl_buf_put(b, num, (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
        return 0;
    case JSON_TRUE: nl_buf_puts(b, "true"); return 0;
    case JSON_FALSE: nl_buf_puts(b, "false"); return 0;
    case JSON_NULL: nl_buf_puts(b, "null"); return 0;
    case JSON_REAL: { /* only in parsed input (a merged shard): jansson's own form */
        char *r = json_dumps(v, JSON_ENCODE_ANY);
        if (!r)
            return -1;
        nl_buf_puts(b, r);
        free(r);
        return 0;
    }
    }
    return -1;
}

int nl_json_dump_at(const nl_json *v, FILE *f, int indent, int depth)
{
    nl_buf b = {0};
    int rc = v ? put_value(&b, (const json_t *)v, indent, depth) : -1;
    if (rc == 0 && (b.oom || fwrite(nl_buf_str(&b), 1, b.n, f) != b.n))
        rc = -1;
    nl_buf_free(&b);
    return rc;
}

int nl_json_dump(const nl_json *v, FILE *f, int indent) { return nl_json_dump_at(v, f, indent, 0); }

void nl_json_free(nl_json *v) { json_decref(J(v)); }

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

/* The one place where text that is not valid UTF-8 (a file name, a title
   read with the wrong encoding) is made fit for JSON. */
nl_json *nl_json_text(const char *p, size_t n)
{
    char *tmp;
    size_t len;
    const char *t = nl_utf8_fit(p, n, &tmp, &len);
    if (!t)
        return NULL;
    nl_json *v = nl_json_str_valid(t, len);
    free(tmp);
    return v;
}

nl_json *nl_json_ctext(const char *s) { return s ? nl_json_text(s, strlen(s)) : nl_json_null(); }
