// A label's certificate as the services will hand it to the renderer: the Hôpital Mère-Enfant de Bingerville,
// Argent with the special mention Touba received, on the ISQua-accredited 2024 referential. Used by the
// certificate test and bench.
import type { CertificateView } from "#app/services/label/certificate-pdf.server.ts";

export const bingervilleCertificate: CertificateView = {
  certificateNumber: "LQS-2025-7K3M9Q2X1",
  establishment: { name: "Hôpital Mère-Enfant de Bingerville", city: "Bingerville", country: { fr: "Côte d'Ivoire", en: "Côte d'Ivoire" } },
  level: "silver",
  levelName: { fr: "Argent", en: "Silver" },
  mention: { fr: "pour la dynamique engendrée", en: "for the dynamic it created" },
  referential: { code: "label-qss", version: "2024", accreditation: { body: "ISQua", accreditedOn: "2025-06-30", reference: "" } },
  decidedOn: "2025-11-20",
  validFrom: "2025-12-05",
  validUntil: "2029-12-04",
  signer: { name: "Prénom Nom", title: "Directeur des relations internationales de l'AP-HP" },
  verifyUrl: "https://label.example.org/certificates/LQS-2025-7K3M9Q2X1",
};
