// SECMEC 9 (EUSRIDPWD): DRDA's encrypted user id and password. Client and server run
// Diffie-Hellman over a fixed 256-bit group (ACCSEC SECTKN / ACCSECRD SECTKN); bytes 12..19 of the
// shared secret are a DES key, bytes 12..19 of the server's public key the IV, and SECCHK carries
// the user id and the password each DES-CBC/PKCS#5 encrypted from that IV (docs/drda.md §3.2,
// Derby's EncryptionManager/DecryptionManager).
//
// A 256-bit group and 56-bit DES only hide credentials from a passive listener; prefer TLS with
// SECMEC 3 wherever the server offers TLS.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/error.h"

namespace db2kafka::drda {

inline constexpr size_t kSecmec9KeyBytes = 32;
using Secmec9Key = std::array<uint8_t, kSecmec9KeyBytes>;
inline constexpr size_t kSecmec9DesKeyBytes = 8;
using Secmec9DesKey = std::array<uint8_t, kSecmec9DesKeyBytes>;

// One per connection attempt: made before ACCSEC, used for SECCHK, then dropped. Immutable after
// creation, so const calls may run on any thread. Wipes its private key when destroyed.
class Secmec9 {
 public:
  // A fresh private key from OpenSSL's RAND (Internal error if it has no entropy).
  static base::Result<Secmec9> Generate();
  // For test vectors: InvalidArgument unless 2 <= x <= p-2 (big-endian).
  static base::Result<Secmec9> FromPrivateKey(const Secmec9Key& private_key);

  Secmec9(Secmec9&&) = default;
  Secmec9& operator=(Secmec9&&) = default;
  Secmec9(const Secmec9&) = delete;
  Secmec9& operator=(const Secmec9&) = delete;
  ~Secmec9();

  // g^x mod p, 32 bytes big-endian, zero-padded on the left: the ACCSEC SECTKN.
  const Secmec9Key& public_key() const { return public_key_; }

  // One SECCHK SECTKN: `plaintext` (the user id or the password, already in the DDM charset)
  // DES-CBC encrypted with PKCS#5 padding. Protocol error when the server key (ACCSECRD SECTKN)
  // is not 32 bytes or not in [2, p-2]; Internal when OpenSSL fails.
  base::Result<std::vector<uint8_t>> Encrypt(std::span<const uint8_t> server_public_key,
                                             std::span<const uint8_t> plaintext) const;

  // The DES key, bytes 12..19 of (server key)^x mod p; public so tests can play the server.
  // Same errors as Encrypt.
  base::Result<Secmec9DesKey> SharedDesKey(std::span<const uint8_t> server_public_key) const;

 private:
  Secmec9(const Secmec9Key& private_key, const Secmec9Key& public_key)
      : private_key_(private_key), public_key_(public_key) {}

  Secmec9Key private_key_;
  Secmec9Key public_key_;
};

}  // namespace db2kafka::drda
