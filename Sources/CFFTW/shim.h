#ifndef BREATH_CFFTW_SHIM_H
#define BREATH_CFFTW_SHIM_H
/* <complex.h> must not come first: fftw_complex is then C99 complex, which Swift cannot import. */
#include <fftw3.h>
#endif
