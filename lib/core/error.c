/*
 * error.c — filling nl_error reports and naming statuses.
 *
 * nl_status_name() is a switch without a default so that the compiler flags a
 * status added to the enum but not named here. A message is one line: reports
 * and stderr print it after the path, so control characters that a library
 * or a hostile file put into it (libxml2 ends some messages with a second
 * line of bytes) become spaces.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "normlint/core.h"

const char *nl_status_name(nl_status st)
{
    switch (st) {
    case NL_OK: return "ok";
    case NL_ERR_NOMEM: return "out-of-memory";
    case NL_ERR_IO: return "io";
    case NL_ERR_TOO_LARGE: return "too-large";
    case NL_ERR_BINARY: return "binary";
    case NL_ERR_ENCODING: return "encoding";
    case NL_ERR_UNSUPPORTED: return "unsupported";
    case NL_ERR_INVALID: return "invalid";
    case NL_ERR_PARSE: return "parse";
    case NL_ERR_RULE: return "rule";
    case NL_ERR_LIMIT: return "limit";
    }
    return "unknown";
}

nl_status nl_error_set(nl_error *err, nl_status st, const char *path, const char *fmt, ...)
{
    if (!err)
        return st;
    err->status = st;
    err->line = err->column = 0;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    size_t n = 0;
    for (char *p = err->message; *p; p++, n++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
    while (n > 0 && err->message[n - 1] == ' ')
        err->message[--n] = '\0';
    return st;
}

void nl_error_clear(nl_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
}
