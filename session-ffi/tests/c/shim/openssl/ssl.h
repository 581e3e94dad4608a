/* For machines without OpenSSL's headers: <openssl/ssl.h> as far as the
   session functions go. */
#include <sslsession/openssl_compat.h>
