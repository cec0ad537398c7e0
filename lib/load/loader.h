/*
 * loader.h — the loader interface (internal).
 *
 * One loader per input format, each a const table row. nl_load_memory() asks
 * each loader in turn whether it reads the bytes (sniff) and hands them to the
 * first that does. A loader builds the UTF-8 model through doc/build.h and
 * never recognises structure itself.
 */
#ifndef NL_LOAD_LOADER_H
#define NL_LOAD_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include "normlint/load.h"

typedef struct nl_loader {
    const char *name; /* "text", "docx", ... — also nl_doc_format() */
    /* file name extensions (lower case, no dot) taken when walking directories; NULL-terminated */
    const char *const *extensions;
    /* 1 if this loader reads these bytes; `path` may help (extension) but content decides. */
    int (*sniff)(const unsigned char *data, size_t len, const char *path);
    /* Build the model from the bytes. `path` is for messages and nl_doc_path(). */
    nl_status (*load)(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                      const nl_load_opts *opts, nl_error *err);
} nl_loader;

extern const nl_loader nl_loader_text;
extern const nl_loader nl_loader_docx;
extern const nl_loader nl_loader_odt;
extern const nl_loader nl_loader_ofd;
extern const nl_loader nl_loader_html;
extern const nl_loader nl_loader_xml;
extern const nl_loader nl_loader_legacy;
extern const nl_loader nl_loader_pdf;
extern const nl_loader nl_loader_unsupported;

/* A size for messages: "103 bytes", "70.0 MiB". */
void nl_load_human_size(uintmax_t n, char *buf, size_t bufsize);

#endif
