/* Dumps the cipher table the linked libssl's d2i_SSL_SESSION accepts, as JSON lines:
 * every two-byte code tried in a minimal session. Build it against each oracle
 * (tools/gen_cipher_table.py says how) and keep its output in testdata/ciphers/. */
#include <openssl/ssl.h>
#include <stdio.h>
int main(void){
  for (int c=0;c<65536;c++){
    unsigned char d[]={0x30,0x0f,0x02,0x01,0x01,0x02,0x02,0x03,0x03,0x04,0x02,(unsigned char)(c>>8),(unsigned char)c,0x04,0x00,0x04,0x00};
    const unsigned char*p=d;
    SSL_SESSION*s=d2i_SSL_SESSION(NULL,&p,sizeof d);
    if(!s) continue;
    const SSL_CIPHER *ci = SSL_SESSION_get0_cipher(s);
    const char *std = SSL_CIPHER_standard_name(ci);
    printf("{\"code_hex\":\"%04X\",\"cipher_id\":%lu,\"cipher_name\":\"%s\",\"cipher_std_name\":%s%s%s,\"version\":\"%s\"}\n",
      c, (unsigned long)SSL_CIPHER_get_id(ci), SSL_CIPHER_get_name(ci), std?"\"":"", std?std:"null", std?"\"":"", SSL_CIPHER_get_version(ci));
    SSL_SESSION_free(s);
  }
  return 0;
}
