#ifndef BREATH_CNETCDF_SHIM_H
#define BREATH_CNETCDF_SHIM_H
#include <netcdf.h>

/* The default fill values are cast expressions in <netcdf.h> (e.g. ((short)-32767)), which Swift
   does not import as constants. Re-export them as doubles, the type nc_get_var_double converts to,
   so readers compare against the library's own values instead of copies of them. */
static const double breath_nc_fill_byte = NC_FILL_BYTE;
static const double breath_nc_fill_short = NC_FILL_SHORT;
static const double breath_nc_fill_int = NC_FILL_INT;
static const double breath_nc_fill_float = NC_FILL_FLOAT;
static const double breath_nc_fill_double = NC_FILL_DOUBLE;
static const double breath_nc_fill_ubyte = NC_FILL_UBYTE;
static const double breath_nc_fill_ushort = NC_FILL_USHORT;
static const double breath_nc_fill_uint = NC_FILL_UINT;
static const double breath_nc_fill_int64 = (double)NC_FILL_INT64;
static const double breath_nc_fill_uint64 = (double)NC_FILL_UINT64;
/* The float fill value as a float, for writers of float variables. */
static const float breath_nc_fill_float32 = NC_FILL_FLOAT;

#endif
