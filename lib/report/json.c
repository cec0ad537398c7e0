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
