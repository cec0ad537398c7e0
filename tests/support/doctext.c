/*
 * doctext.c — test support (doctext.h): a document's lines in one string.
 */
#include <string.h>

#include "support/doctext.h"

const char *nl_test_joined(const nl_doc *d)
{
    static char out[65536];
    size_t n = 0;
    for (size_t i = 0; i < nl_doc_line_count(d); i++) {
        const nl_line *l = nl_doc_line(d, i);
        size_t len = l->end - l->start, room = sizeof out - 1 - n;
        if (i && room) {
            out[n++] = '|';
            room--;
        }
        if (len > room)
            len = room;
        memcpy(out + n, nl_doc_text(d) + l->start, len);
        n += len;
    }
    out[n] = '\0';
    return out;
}
