#ifndef BREATH_CLIBUSB_SHIM_H
#define BREATH_CLIBUSB_SHIM_H
#include <libusb.h>

/* libusb_set_option is variadic, which Swift cannot call: one fixed-arity wrapper per use. */
static inline int breath_libusb_set_log_level(libusb_context *context, int level) {
    return libusb_set_option(context, LIBUSB_OPTION_LOG_LEVEL, level);
}
#endif
