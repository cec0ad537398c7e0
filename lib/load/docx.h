/*
 * docx.h — the DOCX loader's map from the model text back to word/document.xml
 * (internal; for annotate). Loading with a map parses word/document.xml into a
 * tree and records which text node every visible character came from, and the
 * w:p of every model line, so findings can be anchored on the exact runs.
 */
#ifndef NL_LOAD_DOCX_H
#define NL_LOAD_DOCX_H

#include "load/xml.h"
#include "normlint/load.h"

/* Model text [start, start + len) is the text node's content [off, off + len). */
typedef struct nl_docx_piece {
    size_t start, len;
    nl_xnode *node;
    size_t off;
} nl_docx_piece;

typedef struct nl_docx_map {
    nl_xtree *tree;          /* word/document.xml */
    nl_docx_piece *pieces;   /* by start */
    size_t npieces, cap;
    nl_xnode **paras;        /* the w:p of each model line (NULL for none) */
    size_t nparas, paras_cap;
} nl_docx_map;

/* Load a DOCX held in memory like nl_load_memory does (the structure is
 * recognised), and also return its map (free with nl_docx_map_free). */
nl_status nl_docx_load_mapped(nl_doc **out, nl_docx_map **map, const char *path, const unsigned char *data,
                              size_t len, const nl_load_opts *opts, nl_error *err);
void nl_docx_map_free(nl_docx_map *m);

#endif
