/*
 * ole2.h — what an OLE2 compound file (the container of legacy Word .doc,
 * Kingsoft .wps, Excel .xls, PowerPoint .ppt, and of password-protected
 * Office 2007+ files) holds, told from its directory and, for a Word
 * document, its file information block (internal).
 *
 * Only what the loaders need to decide how to read or refuse a file is read:
 * the header, the sector allocation table, the directory, and the first
 * bytes of the WordDocument stream. Every sector index, chain and size is
 * checked against the bytes at hand, so a damaged or hostile file is
 * NL_OLE2_BROKEN, never an out-of-bounds read or an endless chain.
 */
#ifndef NL_LOAD_OLE2_H
#define NL_LOAD_OLE2_H

#include <stddef.h>

typedef enum nl_ole2_kind {
    NL_OLE2_NONE = 0,     /* not a compound file (no signature) */
    NL_OLE2_BROKEN,       /* the signature, but a header, table or directory that does not hold together */
    NL_OLE2_WORD,         /* a Word 97–2003 (or WPS) document: a WordDocument stream */
    NL_OLE2_WORD_ENCRYPTED, /* the same, encrypted or obfuscated with a password */
    NL_OLE2_OOXML_ENCRYPTED, /* a password-protected DOCX, XLSX or PPTX (EncryptionInfo, EncryptedPackage) */
    NL_OLE2_EXCEL,        /* Workbook or Book stream */
    NL_OLE2_POWERPOINT,   /* PowerPoint Document stream */
    NL_OLE2_OTHER         /* a compound file of another kind */
} nl_ole2_kind;

/* 1 when data starts with the compound file signature */
int nl_ole2_magic(const unsigned char *data, size_t len);

/* What the compound file data[0..len) holds. */
nl_ole2_kind nl_ole2_classify(const unsigned char *data, size_t len);

#endif
