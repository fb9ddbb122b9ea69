/*
 * Prints ICU's UTS #39 skeleton of every code point whose skeleton is not itself, one per line as hex
 * code points ("41 61" = U+0041 → "a"), after two header lines naming the Unicode and ICU versions.
 * Built and run by generate.ts; needs ICU's headers (Debian: libicu-dev).
 */
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

int main(void) {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker *checker = uspoof_open(&status);
  if (U_FAILURE(status)) {
    fprintf(stderr, "uspoof_open: %s\n", u_errorName(status));
    return 1;
  }
  UVersionInfo version;
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_getUnicodeVersion(version);
  u_versionToString(version, text);
  printf("unicode %s\n", text);
  u_getVersion(version);
  u_versionToString(version, text);
  printf("icu %s\n", text);
  for (UChar32 c = 0; c <= 0x10FFFF; c++) {
    if (U_IS_SURROGATE(c)) continue;
    UChar in[2];
    int32_t length = 0;
    U16_APPEND_UNSAFE(in, length, c);
    UChar out[64];
    status = U_ZERO_ERROR;
    int32_t outLength = uspoof_getSkeleton(checker, 0, in, length, out, 64, &status);
    if (U_FAILURE(status)) continue;
    if (outLength == length && u_strncmp(in, out, length) == 0) continue;
    printf("%X", (unsigned)c);
    for (int32_t i = 0; i < outLength;) {
      UChar32 d;
      U16_NEXT(out, i, outLength, d);
      printf(" %X", (unsigned)d);
    }
    printf("\n");
  }
  uspoof_close(checker);
  return 0;
}
