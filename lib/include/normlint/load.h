/*
 * load.h — reading documents from files and memory.
 *
 * One entry point per source: nl_load_path() and nl_load_memory(). The bytes are
 * sniffed to choose a loader (OFD, DOCX, ODT, legacy .doc and WPS through
 * LibreOffice or catdoc, PDF through pdftotext, HTML, XML, plain text;
 * formats normlint does not read — encrypted Office files, RTF — get an
 * "unsupported" error saying why or how to convert them; nl_load_format
 * lists them), the loader produces the UTF-8 model, and the
 * structure is recognised. Inputs are never modified. Every failure names the file and the
 * reason in the nl_error.
 */
#ifndef NORMLINT_LOAD_H
#define NORMLINT_LOAD_H

#include <stddef.h>
#include "core.h"
#include "doc.h"
#include "walk.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NL_DEFAULT_MAX_SIZE ((size_t)64 * 1024 * 1024)

/* How a legacy Word .doc or WPS document is read: through LibreOffice (into
 * DOCX: numbering, tracked changes, tables and notes kept) or catdoc (its
 * text only); auto takes LibreOffice when installed, else catdoc. */
enum { NL_DOC_CONVERTER_AUTO = 0, NL_DOC_CONVERTER_LIBREOFFICE, NL_DOC_CONVERTER_CATDOC };

typedef struct nl_load_opts {
    size_t max_size;      /* bytes; 0 means NL_DEFAULT_MAX_SIZE */
    const char *encoding; /* force a text encoding ("UTF-8", "GB18030", "UTF-16LE", ...); NULL = detect */
    int revisions_original; /* DOCX/ODT: read the text as it was before tracked changes (default: with them) */
    int notes;              /* DOCX/ODT: also read footnotes and endnotes, after the body (default: not) */
    int doc_converter;      /* legacy .doc/.wps: NL_DOC_CONVERTER_* (default auto: LibreOffice, else catdoc) */
    /* Limits against hostile files; 0 means the default. */
    size_t zip_entries;     /* members in an archive (10,000) */
    size_t zip_entry_size;  /* uncompressed bytes per member (256 MiB) */
    size_t zip_total_size;  /* uncompressed bytes per archive (512 MiB) */
    unsigned zip_ratio;     /* compression ratio of a member larger than 1 MiB (200) */
    int xml_depth;          /* element nesting (128) */
    size_t pdf_pages;       /* pages of a PDF (5,000) */
    size_t pdf_output;      /* bytes of pdftotext's output for one PDF (256 MiB) */
    unsigned pdf_seconds;   /* seconds pdftotext may take over one PDF (60) */
    int doc_type;           /* an nl_doctype the user declares (strong evidence); 0: infer it */
} nl_load_opts;

/* Load and recognise the file at `path`. On success *out is a document the
 * caller frees with nl_doc_free(); on failure *out is NULL and err says why
 * (NL_ERR_IO, NL_ERR_TOO_LARGE, NL_ERR_BINARY, NL_ERR_ENCODING, NL_ERR_UNSUPPORTED). */
nl_status nl_load_path(nl_doc **out, const char *path, const nl_load_opts *opts, nl_error *err);

/* Same for bytes in memory; `name` is used as the document path in messages. */
nl_status nl_load_memory(nl_doc **out, const char *name, const void *data, size_t len,
                         const nl_load_opts *opts, nl_error *err);

/* 1 if a file of this name is taken when walking a directory: its extension
 * is claimed by a loader (.txt, .text, .docx, .docm). Case-insensitive. */
int nl_load_supported_name(const char *path);

/* Walk an input operand for documents: nl_walk_operand (walk.h) taking the
 * names a loader claims. */
nl_status nl_walk(const char *path, nl_walk_fn fn, void *ud);

/* The input formats, for `normlint formats`: i from 0 while it returns 1;
 * *name is the format ("text", "docx", ...), *extensions the names taken
 * when walking folders (NULL-terminated; empty for a format that is only
 * recognised in order to refuse it). */
int nl_load_format(size_t i, const char **name, const char *const **extensions);

/* Parse a size such as "64M", "512k", "1G" or "1048576" (bytes). Returns NL_OK
 * or NL_ERR_INVALID. */
nl_status nl_parse_size(const char *s, size_t *out);

#ifdef __cplusplus
}
#endif
#endif
