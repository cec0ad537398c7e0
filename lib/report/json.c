/*
 * json.c — jansson behind the small nl_json interface (the only file that
 * includes <jansson.h>).
 */
#include <jansson.h>

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

int nl_json_dump(const nl_json *v, FILE *f, int indent)
{
    size_t flags = JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;
    flags |= indent > 0 ? JSON_INDENT(indent) : JSON_COMPACT;
    return json_dumpf((const json_t *)v, f, flags) == 0 ? 0 : -1;
}

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
