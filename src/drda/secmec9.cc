#include "drda/secmec9.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "base/status_macros.h"

namespace db2kafka::drda {
namespace {

// The DRDA group. p is a safe prime ((p-1)/2 is prime) and g generates the subgroup of order
// (p-1)/2, so the only keys of small order are 1 and p-1, which the [2, p-2] check rejects.
constexpr Secmec9Key kPrime = {
    0xC6, 0x21, 0x12, 0xD7, 0x3E, 0xE6, 0x13, 0xF0, 0x94, 0x7A, 0xB3, 0x1F, 0x0F, 0x68, 0x46, 0xA1,
    0xBF, 0xF5, 0xB3, 0xA4, 0xCA, 0x0D, 0x60, 0xBC, 0x1E, 0x4C, 0x7A, 0x0D, 0x8C, 0x16, 0xB3, 0xE3,
};
constexpr Secmec9Key kGenerator = {
    0x46, 0x90, 0xFA, 0x1F, 0x7B, 0x9E, 0x1D, 0x44, 0x42, 0xC8, 0x6C, 0x91, 0x14, 0x60, 0x3F, 0xDE,
    0xCF, 0x07, 0x1E, 0xDC, 0xEC, 0x5F, 0x62, 0x6E, 0x21, 0xE2, 0x56, 0xAE, 0xD9, 0xEA, 0x34, 0xE4,
};

constexpr Secmec9Key MinusTwo(Secmec9Key value) {
  unsigned borrow = 2;
  for (size_t i = value.size(); i-- > 0 && borrow != 0;) {
    const unsigned byte = value[i];
    value[i] = static_cast<uint8_t>(byte - borrow);
    borrow = byte < borrow ? 1 : 0;
  }
  return value;
}
constexpr Secmec9Key kPrimeMinusTwo = MinusTwo(kPrime);
constexpr Secmec9Key kTwo = [] {
  Secmec9Key two{};
  two.back() = 2;
  return two;
}();
static_assert(kPrimeMinusTwo.back() == 0xE1 && kPrimeMinusTwo[30] == 0xB3);

// "The middle 8 bytes" in DRDA's words: both the DES key (of the shared secret) and the IV (of the
// server's public key) are bytes 12..19.
constexpr size_t kMiddleOffset = 12;

// Equal-length big-endian numbers compare like byte strings.
bool InGroupRange(std::span<const uint8_t, kSecmec9KeyBytes> value) {
  return !std::ranges::lexicographical_compare(value, kTwo) &&
         !std::ranges::lexicographical_compare(kPrimeMinusTwo, value);
}

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
struct BnCtxFree {
  void operator()(BN_CTX* ctx) const { BN_CTX_free(ctx); }
};
struct CipherFree {
  void operator()(EVP_CIPHER* cipher) const { EVP_CIPHER_free(cipher); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

// Wipes key material on every return path, including the error ones.
template <size_t N>
struct Wiped {
  std::array<uint8_t, N> bytes{};
  ~Wiped() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

// Takes OpenSSL's error queue along, so the queue stays empty for the next caller on this thread.
base::Error OpenSslError(std::string_view what) {
  std::string detail;
  while (const auto code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    detail += detail.empty() ? ": " : "; ";
    detail += buffer;
  }
  return base::MakeError(base::ErrorCode::kInternal,
                         "SECMEC 9: OpenSSL failed to " + std::string(what) + detail);
}

BnPtr ToBignum(std::span<const uint8_t> big_endian) {
  return BnPtr(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr));
}

// base^exponent mod p with the exponent (a private key) on OpenSSL's constant-time path.
base::Status ModExp(std::span<const uint8_t> base, std::span<const uint8_t> exponent,
                    Secmec9Key& out) {
  const std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
  const BnPtr base_bn = ToBignum(base);
  const BnPtr exponent_bn = ToBignum(exponent);
  const BnPtr prime = ToBignum(kPrime);
  const BnPtr result(BN_new());
  if (!ctx || !base_bn || !exponent_bn || !prime || !result) {
    return base::Fail(OpenSslError("allocate big numbers"));
  }
  BN_set_flags(exponent_bn.get(), BN_FLG_CONSTTIME);
  if (BN_mod_exp(result.get(), base_bn.get(), exponent_bn.get(), prime.get(), ctx.get()) != 1) {
    return base::Fail(OpenSslError("compute the Diffie-Hellman power"));
  }
  if (BN_bn2binpad(result.get(), out.data(), static_cast<int>(out.size())) !=
      static_cast<int>(out.size())) {
    return base::Fail(OpenSslError("serialize a Diffie-Hellman value"));
  }
  return {};
}

// Single DES is only in OpenSSL 3's legacy provider; 3DES-EDE with K|K|K computes
// E_K(D_K(E_K(b))) = E_K(b), so the default provider gives the same bytes.
base::Result<std::vector<uint8_t>> DesCbcEncrypt(const Secmec9DesKey& key,
                                                 std::span<const uint8_t, 8> iv,
                                                 std::span<const uint8_t> plaintext) {
  constexpr int kBlock = 8;
  if (plaintext.size() > static_cast<size_t>(std::numeric_limits<int>::max() - kBlock)) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "SECMEC 9: cannot encrypt " + std::to_string(plaintext.size()) +
                          " bytes; a user id or password is far shorter");
  }
  const std::unique_ptr<EVP_CIPHER, CipherFree> cipher(
      EVP_CIPHER_fetch(nullptr, "DES-EDE3-CBC", nullptr));
  if (!cipher) return base::Fail(OpenSslError("load DES-EDE3-CBC from its default provider"));
  const std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return base::Fail(OpenSslError("allocate a cipher context"));

  Wiped<3 * kSecmec9DesKeyBytes> triple_key;
  for (size_t i = 0; i < 3; ++i) {
    std::ranges::copy(key, triple_key.bytes.begin() + i * kSecmec9DesKeyBytes);
  }
  // EVP's default padding is PKCS#7, which for 8-byte blocks is PKCS#5.
  if (EVP_EncryptInit_ex2(ctx.get(), cipher.get(), triple_key.bytes.data(), iv.data(), nullptr) !=
      1) {
    return base::Fail(OpenSslError("initialize DES-CBC"));
  }
  std::vector<uint8_t> ciphertext(plaintext.size() / kBlock * kBlock + kBlock);
  int written = 0;
  if (EVP_EncryptUpdate(ctx.get(), ciphertext.data(), &written, plaintext.data(),
                        static_cast<int>(plaintext.size())) != 1) {
    return base::Fail(OpenSslError("encrypt with DES-CBC"));
  }
  int final_written = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), ciphertext.data() + written, &final_written) != 1) {
    return base::Fail(OpenSslError("finish DES-CBC"));
  }
  DB2KAFKA_CHECK(static_cast<size_t>(written) + static_cast<size_t>(final_written) ==
                 ciphertext.size());
  return ciphertext;
}

base::Status CheckServerKey(std::span<const uint8_t> server_public_key) {
  if (server_public_key.size() != kSecmec9KeyBytes) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "SECMEC 9: the server's Diffie-Hellman public key (ACCSECRD SECTKN) is " +
                          std::to_string(server_public_key.size()) + " bytes, expected 32");
  }
  if (!InGroupRange(server_public_key.first<kSecmec9KeyBytes>())) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "SECMEC 9: the server's Diffie-Hellman public key (ACCSECRD SECTKN) is not "
                      "in [2, p-2]; such a key would make the shared secret guessable");
  }
  return {};
}

// Bytes 12..19 of (server key)^x mod p.
base::Status DeriveDesKey(std::span<const uint8_t> server_public_key, const Secmec9Key& private_key,
                          Secmec9DesKey& out) {
  DB2KAFKA_TRY(CheckServerKey(server_public_key));
  Wiped<kSecmec9KeyBytes> shared;
  DB2KAFKA_TRY(ModExp(server_public_key, private_key, shared.bytes));
  std::copy_n(shared.bytes.begin() + kMiddleOffset, out.size(), out.begin());
  return {};
}

}  // namespace

Secmec9::~Secmec9() { OPENSSL_cleanse(private_key_.data(), private_key_.size()); }

base::Result<Secmec9> Secmec9::Generate() {
  // x = 2 + r with r uniform in [0, p-4]: exactly the range FromPrivateKey accepts.
  const BnPtr range = ToBignum(kPrime);
  const BnPtr random(BN_secure_new());
  if (!range || !random || BN_sub_word(range.get(), 3) != 1) {
    return base::Fail(OpenSslError("prepare the private key range"));
  }
  if (BN_priv_rand_range(random.get(), range.get()) != 1 || BN_add_word(random.get(), 2) != 1) {
    return base::Fail(OpenSslError("draw a random private key"));
  }
  Wiped<kSecmec9KeyBytes> private_key;
  if (BN_bn2binpad(random.get(), private_key.bytes.data(),
                   static_cast<int>(private_key.bytes.size())) !=
      static_cast<int>(private_key.bytes.size())) {
    return base::Fail(OpenSslError("serialize the private key"));
  }
  return FromPrivateKey(private_key.bytes);
}

base::Result<Secmec9> Secmec9::FromPrivateKey(const Secmec9Key& private_key) {
  if (!InGroupRange(private_key)) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "SECMEC 9: a Diffie-Hellman private key must be in [2, p-2]");
  }
  Secmec9Key public_key;
  DB2KAFKA_TRY(ModExp(kGenerator, private_key, public_key));
  return Secmec9(private_key, public_key);
}

base::Result<Secmec9DesKey> Secmec9::SharedDesKey(
    std::span<const uint8_t> server_public_key) const {
  Secmec9DesKey key;
  DB2KAFKA_TRY(DeriveDesKey(server_public_key, private_key_, key));
  return key;
}

base::Result<std::vector<uint8_t>> Secmec9::Encrypt(std::span<const uint8_t> server_public_key,
                                                    std::span<const uint8_t> plaintext) const {
  Wiped<kSecmec9DesKeyBytes> key;
  DB2KAFKA_TRY(DeriveDesKey(server_public_key, private_key_, key.bytes));
  return DesCbcEncrypt(key.bytes, server_public_key.subspan<kMiddleOffset, 8>(), plaintext);
}

}  // namespace db2kafka::drda
