// A real RSA public key whose private half was discarded when it was made: the
// plan's stand-in for every tls.PrivateKey's public half. The program reads
// public keys (the realm's JWKS for the mesh), so the stand-in must parse; it is
// the same in every plan, so plan diffs do not move. Nothing can sign with it.
export const standInPublicKeyPem =
    [
        "-----BEGIN PUBLIC KEY-----",
        "MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEA8Z5BiEbX27quz+bsABf9",
        "U0f0RbwDSrRI9goGgtEqhmXiMmupbLWryF87QS52U2W3YFM1ndm2T56dF1VacTrn",
        "OhtXYxfS+OFC+nnFprBrOfxyTUMEfARzgVLs7WHDVX2z5eLJb2bb4SpLOqDhT7t7",
        "NSjZq4F5ds96J4Gr1lHBRLwTPNEClicd6DFz9AhckE+60BPUqLAYejC2jHtHiVSk",
        "3o1dgw+OmZyWHfqQceqRKuI5G1jmQ9dfcjdV4CRyOMpFeijMj/VzgBcMiTtPsZsN",
        "CXqSG99gQBd5VxSpry5JiS9rhx2ZYz2ay7gNS+N1EEct5GQbQBF8bh0QfvdRu3th",
        "FifJ99DKQKO95Y7xLsBjRQqZ2Ur61wpxfBnNYzDd4yg13lUdse/DYptQmQEvel3V",
        "f+ci4+RQ7bh1isGS8Rp8hocbnAFK5pO/A8D7G/H4CGtB9qe4RJFK5QVh9syRWa44",
        "vVAwV9Emc/zM1Otl4XrQSwc8Oe2tT2p7mDixGnLaiRJzAgMBAAE=",
        "-----END PUBLIC KEY-----",
    ].join("\n") + "\n";
