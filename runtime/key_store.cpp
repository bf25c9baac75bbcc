#include "runtime/key_store.hpp"
#include "messages/json_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace tickline {

namespace {

constexpr char magic[] = "TLKEYS1\n";
constexpr std::size_t magic_len = 8, salt_len = 16, nonce_len = 12, tag_len = 16, key_len = 32;

// Wipes a buffer when it goes out of scope.
struct wiped {
  std::string& s;
  ~wiped() { OPENSSL_cleanse(s.data(), s.size()); }
};

bool derive(const std::string& passphrase, const unsigned char* salt, unsigned char* key) {
  return EVP_PBE_scrypt(passphrase.data(), passphrase.size(), salt, salt_len, 1 << 15, 8, 1,
                        64 * 1024 * 1024, key, key_len) == 1;
}

// AES-256-GCM; `encrypt` false decrypts and checks the tag. False on any failure.
bool gcm(bool encrypt, const unsigned char* key, const unsigned char* nonce, const std::string& in,
         std::string& out, unsigned char* tag) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (!ctx)
    return false;
  bool ok = EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt ? 1 : 0) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, nonce_len, nullptr) == 1 &&
            EVP_CipherInit_ex(ctx, nullptr, nullptr, key, nonce, encrypt ? 1 : 0) == 1;
  // The header is authenticated too: a file of another version does not decrypt.
  int len = 0;
  ok = ok && EVP_CipherUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(magic),
                              static_cast<int>(magic_len)) == 1;
  out.assign(in.size(), '\0');
  ok = ok && EVP_CipherUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len,
                              reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size())) == 1;
  if (ok && !encrypt)
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, tag_len, tag) == 1;
  int tail = 0;
  ok = ok && EVP_CipherFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + len, &tail) == 1;
  if (ok && encrypt)
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, tag_len, tag) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok)
    OPENSSL_cleanse(out.data(), out.size());
  return ok;
}

} // namespace

std::optional<key_store> key_store::open(const std::string& path, const std::string& passphrase,
                                         std::string& error) {
  key_store ks;
  ks.path_ = path;
  ks.passphrase_ = passphrase;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return ks;  // no file yet: an empty store
    error = "cannot read " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "cannot read " + path + ": it is a directory";
    return std::nullopt;
  }
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    // There but unreadable: never taken for empty (a save would destroy its keys).
    error = "cannot read " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string file = buf.str();
  if (file.size() < magic_len + salt_len + nonce_len + tag_len || file.compare(0, magic_len, magic) != 0) {
    error = path + ": not a tickline key file";
    return std::nullopt;
  }
  auto bytes = reinterpret_cast<const unsigned char*>(file.data());
  const unsigned char* salt = bytes + magic_len;
  const unsigned char* nonce = salt + salt_len;
  unsigned char tag[tag_len];
  std::copy(nonce + nonce_len, nonce + nonce_len + tag_len, tag);
  const std::string sealed = file.substr(magic_len + salt_len + nonce_len + tag_len);
  unsigned char key[key_len];
  if (!derive(passphrase, salt, key)) {
    error = path + ": cannot derive the key";
    return std::nullopt;
  }
  std::string plain;
  wiped w{plain};
  const bool ok = gcm(false, key, nonce, sealed, plain, tag);
  OPENSSL_cleanse(key, key_len);
  if (!ok) {
    error = path + ": wrong passphrase, or the key file was changed";
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(plain, nullptr, false);
  if (!j.is_object()) {
    error = path + ": the key file's content is not what tickline writes";
    return std::nullopt;
  }
  for (const auto& [name, e] : j.items())
    if (e.is_object() && e.value("api_key", "") != "")
      ks.entries_[name] = {e.value("api_key", ""), e.value("secret", "")};
  return ks;
}

bool key_store::save(std::string& error) const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, c] : entries_)
    j[name] = {{"api_key", c.api_key}, {"secret", c.secret}};
  std::string plain = j.dump(-1, ' ', false, invalid_utf8);
  wiped w{plain};
  unsigned char salt[salt_len], nonce[nonce_len], tag[tag_len], key[key_len];
  if (RAND_bytes(salt, salt_len) != 1 || RAND_bytes(nonce, nonce_len) != 1 || !derive(passphrase_, salt, key)) {
    error = "cannot make a key for " + path_;
    return false;
  }
  std::string sealed;
  const bool ok = gcm(true, key, nonce, plain, sealed, tag);
  OPENSSL_cleanse(key, key_len);
  if (!ok) {
    error = "cannot encrypt " + path_;
    return false;
  }
  std::string file{magic, magic_len};
  file.append(reinterpret_cast<const char*>(salt), salt_len);
  file.append(reinterpret_cast<const char*>(nonce), nonce_len);
  file.append(reinterpret_cast<const char*>(tag), tag_len);
  file += sealed;
  // A fresh temporary file of our own (never a planted name or link), then renamed over.
  std::string tmp = path_ + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    if (fd >= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
    }
    error = "cannot write " + path_ + ": " + std::strerror(errno);
    return false;
  }
  bool written = ::write(fd, file.data(), file.size()) == static_cast<ssize_t>(file.size()) && ::fsync(fd) == 0;
  written = ::close(fd) == 0 && written;
  if (!written || std::rename(tmp.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp.c_str());
    error = "cannot write " + path_;
    return false;
  }
  return true;
}

std::optional<api_credentials> key_store::get(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end())
    return std::nullopt;
  return it->second;
}

key_store::~key_store() {
  OPENSSL_cleanse(passphrase_.data(), passphrase_.size());
  for (auto& [name, c] : entries_)
    OPENSSL_cleanse(c.secret.data(), c.secret.size());
}

std::string masked_key(const std::string& api_key) {
  if (api_key.size() <= 12)
    return "****";
  return api_key.substr(0, 4) + "…" + api_key.substr(api_key.size() - 4);
}

} // namespace tickline
