/*
 * json.h — the JSON writer (internal). A thin wrapper so that jansson's header
 * stays in lib/report/json.c. Values are built as a tree and dumped with keys
 * in insertion order, two-space indentation and UTF-8 kept as is, so output is
 * byte-for-byte reproducible (golden files depend on it).
 *
 * Ownership: nl_json_set/nl_json_push take ownership of `val` (also on
 * failure); constructors return NULL only when out of memory, and the
 * setters accept a NULL value (they then report failure), so a builder can
 * accumulate `ok &= nl_json_set(...) == 0` and check once.
 */
#ifndef NL_REPORT_JSON_H
#define NL_REPORT_JSON_H

#include <stddef.h>
#include <stdio.h>

typedef struct nl_json nl_json;

nl_json *nl_json_object(void);
nl_json *nl_json_array(void);
nl_json *nl_json_str(const char *s, size_t len); /* s must be valid UTF-8 */
nl_json *nl_json_str_valid(const char *s, size_t len); /* s already checked to be UTF-8: not checked again */
nl_json *nl_json_cstr(const char *s);            /* NULL gives JSON null */
/* Text that may not be valid UTF-8 (paths, titles, messages): invalid bytes
   become U+FFFD, so the value is never dropped. NULL only when out of memory;
   nl_json_ctext gives JSON null for NULL. */
nl_json *nl_json_text(const char *s, size_t len);
nl_json *nl_json_ctext(const char *s);
nl_json *nl_json_int(long long v);
nl_json *nl_json_bool(int v);
nl_json *nl_json_null(void);

/* Returns 0 on success, -1 on failure (out of memory or a NULL argument). */
int nl_json_set(nl_json *obj, const char *key, nl_json *val);
int nl_json_push(nl_json *arr, nl_json *val);

/* Write the value with `indent` spaces (0 = compact, one line), no trailing newline.
 * Returns 0 or -1 on a write error. */
int nl_json_dump(const nl_json *v, FILE *f, int indent);
/* The same, as the value appears `depth` levels deep in an indented dump:
 * each line after the first is indented by `depth` more levels. */
int nl_json_dump_at(const nl_json *v, FILE *f, int indent, int depth);

void nl_json_free(nl_json *v);

/* Reading: parse one JSON text (NULL on error, with the reason in errbuf);
 * accessors return NULL / 0 when the value is absent or of another type. */
nl_json *nl_json_parse(const char *text, size_t len, char *errbuf, size_t errsize);
const nl_json *nl_json_get(const nl_json *obj, const char *key);
const char *nl_json_string(const nl_json *v);
int nl_json_integer(const nl_json *v, long long *out);
size_t nl_json_size(const nl_json *arr);
const nl_json *nl_json_at(const nl_json *arr, size_t i);

#endif
