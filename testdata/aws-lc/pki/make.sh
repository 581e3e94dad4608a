#!/bin/sh
# Regenerates the test PKI the AWS-LC recordings use (system openssl 3.0):
# a root CA, an intermediate CA, a server leaf (localhost) and a client leaf,
# both issued by the intermediate, so sessions carry a two-certificate chain.
set -eu
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
  -subj "/CN=sslsession test root" -days $days -out ca.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout int.key \
  -subj "/CN=sslsession test intermediate" -out int.csr
openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days $days -out int.pem \
  -extfile /dev/stdin <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
X
for who in server client; do
  openssl req -newkey rsa:2048 -nodes -keyout $who.key -subj "/CN=sslsession test $who" -out $who.csr
  if [ $who = server ]; then eku=serverAuth; san="subjectAltName=DNS:localhost"; else eku=clientAuth; san="subjectAltName=DNS:client.test"; fi
  openssl x509 -req -in $who.csr -CA int.pem -CAkey int.key -set_serial $([ $who = server ] && echo 3 || echo 4) \
    -days $days -out $who.pem -extfile /dev/stdin <<X
basicConstraints=critical,CA:FALSE
extendedKeyUsage=$eku
$san
X
  cat $who.pem int.pem > $who-chain.pem
done
rm -f *.csr ca.key int.key
