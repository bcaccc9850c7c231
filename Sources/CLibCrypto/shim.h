#ifndef BREATH_CLIBCRYPTO_SHIM_H
#define BREATH_CLIBCRYPTO_SHIM_H
/* Only the EVP message-digest interface: the store hashes, it does not encrypt. */
#include <openssl/evp.h>
#endif
