/*
 * fuzz_ole2.c — libFuzzer target for the OLE2 compound file classifier
 * (load/ole2.c): any bytes, read only within bounds, classified in bounded
 * time. The seeds are compound files made by cfbbuild and by LibreOffice.
 */
#include <stddef.h>
#include <stdint.h>

#include "load/ole2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a file with the signature is always something, if only broken */
    if (nl_ole2_classify(data, size) == NL_OLE2_NONE && nl_ole2_magic(data, size))
        __builtin_trap();
    return 0;
}
