/* The format-level operations of sim/format/format_read.h and format_write.h. */
#include "sim/format/format_read.h"
#include "sim/format/format_write.h"

#include <stddef.h>

void csim_format_init(void) {
    csim_h5_library_init();
}

csim_status csim_format_mark_rerun(csim_h5_file *f, const char *original) {
    if (!f || !original) {
        return CSIM_FAIL(CSIM_EINVAL, "rerun mark: NULL argument");
    }
    return csim_h5_attr_write_string(f, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_RERUN_OF, original);
}
