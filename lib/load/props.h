/*
 * props.h — document properties from an office file's metadata part
 * (internal): DOCX docProps/core.xml and ODT meta.xml use the same Dublin
 * Core names.
 */
#ifndef NL_LOAD_PROPS_H
#define NL_LOAD_PROPS_H

#include <stddef.h>
#include "normlint/doc.h"
#include "load/zip.h"

/* Read title, creator, created and modified from the metadata XML into the
 * document's properties. A malformed metadata part is ignored (it is not the
 * text); NL_ERR_NOMEM only. */
nl_status nl_load_props(nl_doc *doc, const char *part, const char *xml, size_t len, nl_error *err);
/* The same from the package's part `part` when it has one; a missing or
 * unreadable part is ignored. NL_ERR_NOMEM only. */
nl_status nl_load_props_part(nl_doc *doc, nl_zip *z, const char *part, nl_error *err);

#endif
