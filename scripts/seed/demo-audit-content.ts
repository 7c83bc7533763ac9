// What the audit demo says, criterion by criterion: the CHNCAK Touba self-assessment beside the auditors' ratings
// and findings (label-qss 2024), the fictional self-assessment of a third hospital (Bingerville) and the fictional
// audit of a fourth (Lomé), awaiting the committee's decision. Pure data and pure functions of the referential version, so a unit test scores them with the engine without a database.
//
// The Touba story: the auditors propose Argent (every critical criterion fully met, global about 76 %, every
// chapter at 65 % or more, core criteria at 78 % against the 70 % floor); the hospital rated itself more generously on medicines (8), infection prevention (9)
// and infrastructures (12), close to the auditors elsewhere. The numbers and facts in the texts are illustrative.
import type { FindingClassification } from "#app/domain/audit/visit.ts";
import type { DecisionInput } from "#app/domain/label/decision.ts";
import { defaultValidUntil } from "#app/domain/label/status.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import { allCriteria, type Criterion, type ReferentialVersion } from "#app/domain/referential/schema.ts";

export interface DemoAuditRating {
  rating: RatingValue;
  finding: string;
  classification: FindingClassification | null;
  methods: string[];
}

export interface DemoCriterion {
  code: string;
  chapterCode: string;
  self: { rating: RatingValue; justification: string };
  audit: DemoAuditRating;
  /** The co-auditor's first rating, which the lead then consolidated into `audit`. */
  firstAudit?: DemoAuditRating;
}

/** The chapters where the hospital over-rated itself (mean signed gap clearly positive). */
export const TOUBA_OVER_RATED_CHAPTERS = ["8", "9", "12"] as const;

/**
 * Who audits which chapter on every demo visit: the lead the governance, patient and clinical chapters, the
 * co-auditor the rest.
 */
export const TEAM_CHAPTERS = {
  lead: ["1", "2", "3", "4", "5", "6", "13"],
  coAuditor: ["7", "8", "9", "10", "11", "12"],
} as const;

type Entry = {
  self: RatingValue;
  audit: RatingValue;
  /** The hospital's justification; when absent (a top rating), the evidence it points to. */
  justification?: string;
  /** The auditors' finding; when absent (a top rating), what they checked. */
  finding?: string;
  classification?: FindingClassification;
  firstAudit?: { rating: RatingValue; classification: FindingClassification; finding: string };
};

// Criteria not listed are fully met on both sides.
const TOUBA: Record<string, Entry> = {
  // 1 Gouvernance et leadership
  "1.1.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Politique signée en janvier 2024 et affichée dans les halls ; sa présentation en réunion de service reste à faire.",
    finding:
      "Politique qualité signée par le directeur et le président de la CME en janvier 2024 et affichée dans les halls ; sur douze professionnels rencontrés en médecine et en pédiatrie, cinq seulement en connaissaient les priorités. Recommandation : la présenter en réunion de service et l'intégrer au parcours des nouveaux arrivants.",
  },
  "1.1.3": {
    self: 3,
    audit: 3,
    finding: "Calendrier des instances respecté sur douze mois ; chaque compte rendu du conseil d'administration et du comité de direction consigne les décisions et leur suivi.",
  },

  "1.1.4": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Visites de terrain de la direction réalisées en pédiatrie et aux urgences ; le rythme trimestriel n'est pas encore tenu dans toutes les unités.",
    finding:
      "Le planning prévoit une visite de direction par trimestre, mais deux visites seulement ont eu lieu en douze mois (pédiatrie, urgences) et le tableau de suivi des actions n'est pas tenu. Recommandation : tenir le calendrier des visites et suivre leurs actions en comité de direction.",
  },
  "1.2.1": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Coordonnatrice qualité nommée par décision du directeur, avec une fiche de fonction, un mi-temps dédié et un rattachement direct à la direction ; elle anime un réseau de référents qualité dans chaque service.",
  },
  "1.2.2": {
    self: 2,
    audit: 3,
    justification: "Organigramme mis à jour en 2024 ; les suppléants ne sont pas encore désignés dans trois unités.",
    finding: "Organigramme daté de mars 2024 ; les suppléants manquants ont été désignés par note de service avant la visite, et les délégations de signature sont connues des cadres rencontrés.",
  },
  "1.3.1": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Comité d'éthique créé par décision du directeur en 2023 ; il ne s'est réuni qu'une fois et ses saisines ne sont pas encore tracées.",
    finding:
      "Le comité d'éthique existe (décision de 2023) mais n'a rendu aucun avis écrit ; les soignants de médecine rencontrés ne savent pas comment le saisir face à un refus de soins. Recommandation : diffuser les modalités de saisine et tracer les avis rendus.",
  },
  "1.3.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Contrats écrits pour la maintenance biomédicale, le bionettoyage et l'élimination des déchets ; l'évaluation annuelle des prestataires reste à formaliser.",
    finding:
      "Contrats en vigueur pour le bionettoyage, la restauration et l'enlèvement des déchets ; aucune fiche d'évaluation annuelle des prestataires n'a été présentée. Recommandation : évaluer chaque prestataire au moins une fois par an au regard des exigences du contrat.",
  },
  "1.3.3": {
    self: 1,
    audit: 1,
    classification: "recommendation",
    justification: "Les résultats qualité figurent dans le rapport d'activité général ; aucun rapport qualité et sécurité des soins spécifique n'est encore publié.",
    finding:
      "Pas de rapport annuel qualité et sécurité des soins : quelques indicateurs figurent dans le rapport d'activité transmis au ministère, sans diffusion aux usagers ni aux partenaires. Recommandation : publier un rapport annuel et le diffuser, y compris aux usagers.",
  },

  // 2 Management de la qualité et des risques
  "2.1.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Audits cliniques conduits en maternité et en chirurgie ; la médecine n'a réalisé qu'une évaluation cette année.",
    finding:
      "Deux patients traceurs par an en maternité et en chirurgie ; en médecine et en pédiatrie, une seule évaluation en douze mois, sans restitution écrite aux équipes. Recommandation : programmer deux évaluations par pôle et en restituer les résultats.",
  },
  "2.1.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Tableau de bord renseigné chaque trimestre et analysé en comité qualité ; son affichage dans les services reste à organiser.",
    finding:
      "Le tableau de bord est renseigné chaque trimestre et analysé en comité qualité, mais il ne couvre ni le laboratoire ni le dossier patient et n'est affiché dans aucun des services visités. Recommandation : compléter les indicateurs manquants et afficher les résultats dans les unités.",
  },
  "2.1.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Un projet PDCA sur le délai de tri aux urgences a montré une amélioration ; le second projet est en cours.",
    finding:
      "Projet PDCA sur le délai de tri aux urgences documenté avant et après (de 38 à 14 minutes en médiane) ; le second projet, sur l'hygiène des mains, n'a pas de mesure finale. Recommandation : conduire le second projet jusqu'à sa mesure de résultat.",
  },
  "2.2.1": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Fiches de déclaration disponibles dans toutes les unités visitées, y compris la nuit ; charte de non-sanction signée par le directeur ; 214 déclarations en douze mois, dont une part croissante venant des infirmiers.",
  },
  "2.2.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Les événements indésirables graves sont analysés selon la méthode ALARM, parfois au-delà de 45 jours.",
    finding:
      "Quatre EIG analysés par la méthode ALARM en 2024, dont deux au-delà du délai de 45 jours ; le suivi des plans d'actions n'est pas daté. Recommandation : respecter le délai d'analyse et suivre la réalisation des actions décidées.",
  },
  "2.2.3": {
    self: 2,
    audit: 1,
    classification: "non_conformity",
    justification: "RMM trimestrielles en chirurgie et en gynécologie-obstétrique ; leur démarrage est prévu en médecine et en pédiatrie.",
    finding: "RMM tenues en chirurgie (trois comptes rendus) et en gynécologie-obstétrique ; aucune RMM en médecine, en pédiatrie ni en anesthésie sur les douze derniers mois.",
  },
  "2.3.1": {
    self: 2,
    audit: 3,
    justification: "Cartographie des risques réalisée en 2023 ; sa mise à jour annuelle est en cours.",
    finding: "Cartographie mise à jour en février 2024 (activités cliniques et logistiques) ; chaque risque prioritaire, dont l'afflux de patients pendant le Grand Magal, a une mesure de maîtrise suivie.",
  },
  "2.3.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Procédures au modèle commun depuis 2022 ; le retrait des anciennes versions dans les services n'est pas terminé.",
    finding:
      "Modèle commun et liste de référence en place ; dans deux unités sur cinq, des versions périmées du protocole transfusionnel et de la procédure d'identitovigilance restaient dans les classeurs. Recommandation : retirer les versions périmées à chaque révision.",
  },
  "2.3.3": {
    self: 0,
    audit: 0,
    classification: "non_conformity",
    justification: "Aucune mesure de la culture de sécurité réalisée à ce jour ; une enquête est envisagée pour 2025.",
    finding: "Aucune mesure de la culture de sécurité n'a été conduite, et l'enquête annoncée n'est ni programmée ni budgétée.",
  },

  // 3 Droits et expérience du patient
  "3.1.2": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Charte des droits du patient affichée en français et en wolof dans les halls et salles d'attente ; les agents d'accueil la présentent oralement aux patients qui ne lisent pas.",
  },
  "3.1.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Paravents disponibles dans les salles communes ; l'annonce d'un diagnostic grave se fait au bureau médical.",
    finding:
      "Les annonces se font au bureau médical, mais la salle commune de médecine hommes (douze lits) ne dispose que de deux paravents et les toilettes s'y font à la vue des autres patients. Recommandation : prévoir de quoi isoler chaque lit pendant les soins.",
  },
  "3.1.4": {
    self: 2,
    audit: 3,
    justification: "Tarifs affichés aux caisses ; le devis écrit n'est pas encore remis systématiquement avant les interventions programmées.",
    finding: "Tarifs affichés aux caisses et au service social ; devis écrits retrouvés dans les cinq dossiers de chirurgie programmée examinés.",
  },
  "3.2.1": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Registre des plaintes tenu au service social ; les délais de réponse ne sont pas encore suivis.",
    finding:
      "Registre tenu, 37 réclamations en 2024 ; la date de réponse n'est tracée que pour la moitié d'entre elles et aucun bilan annuel n'a été présenté au comité qualité. Recommandation : tracer chaque réponse et présenter une synthèse annuelle.",
  },
  "3.2.2": {
    self: 1,
    audit: 1,
    classification: "recommendation",
    justification: "Enquête de satisfaction conduite en maternité seulement, avec un questionnaire administré oralement en wolof ; elle reste à étendre.",
    finding:
      "Une enquête a été conduite en maternité seulement (60 questionnaires), sans échantillon défini, et ses résultats ne sont pas affichés. Recommandation : l'étendre à tous les services d'hospitalisation et afficher les résultats.",
  },
  "3.2.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Une association de patients diabétiques a relu le livret d'accueil et participe au comité qualité ; aucune désignation formelle à ce jour.",
    finding:
      "Une association de patients diabétiques a relu le livret d'accueil en 2024 et siège depuis peu au comité qualité, sans désignation écrite. Recommandation : formaliser la désignation des représentants des usagers.",
  },
  "3.3.1": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Note de service interdisant toute rétention de patient ou de corps pour impayés, connue des agents d'accueil et des majors rencontrés ; prises en charge au titre du fonds social et du Plan Sésame tracées dans un registre.",
  },
  "3.3.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Morphine orale disponible ; les proches accompagnent librement les patients en fin de vie.",
    finding:
      "Morphine orale disponible et proches présents sans restriction d'horaire ; pas de protocole écrit de soins palliatifs, et l'évaluation des symptômes n'est pas tracée dans les deux dossiers de patients décédés examinés. Recommandation : rédiger le protocole et tracer l'évaluation des symptômes.",
  },

  // 4 Parcours de soins du patient
  "4.1.2": {
    self: 2,
    audit: 3,
    justification: "Évaluation médicale tracée à l'admission ; l'évaluation du risque d'escarre n'est pas encore systématique.",
    finding: "Dans les huit dossiers de patients traceurs, évaluations médicale et infirmière tracées dans les 24 heures, y compris le risque d'escarre (grille introduite en 2024).",
  },
  "4.1.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Douleur évaluée à l'admission avec l'échelle numérique ; la réévaluation après traitement n'est pas toujours tracée.",
    finding:
      "Douleur évaluée à l'admission dans tous les dossiers examinés ; la réévaluation après antalgique n'est tracée que dans trois dossiers sur huit. Recommandation : tracer l'évaluation à chaque équipe et après chaque traitement.",
  },
  "4.1.4": {
    self: 1,
    audit: 1,
    classification: "non_conformity",
    justification: "Pesée à l'admission faite en pédiatrie ; les unités adultes manquent de pèse-personnes.",
    finding: "Poids absent de six dossiers adultes sur huit ; pas de pèse-personne en médecine ni en chirurgie, et aucun outil de dépistage de la dénutrition n'est utilisé chez l'adulte.",
  },
  "4.2.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Support SAED utilisé pour les relèves infirmières.",
    finding:
      "Le support SAED est utilisé aux urgences et en chirurgie ; en médecine, la relève observée s'est faite oralement, sans trace écrite par patient. Recommandation : généraliser le support à toutes les unités.",
  },
  "4.2.2": {
    self: 1,
    audit: 1,
    classification: "recommendation",
    justification: "Score PEWS utilisé en pédiatrie seulement ; son extension aux unités adultes est prévue en 2025.",
    finding:
      "Score PEWS utilisé en pédiatrie ; le score NEWS n'est calculé dans aucune unité adulte et aucun audit d'application n'a été réalisé. Recommandation : étendre le score aux unités adultes et auditer son application.",
  },
  "4.3.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Procédure de transfert écrite ; les fiches de référence ne sont pas toujours complètes.",
    finding:
      "Appel préalable tracé dans le registre des transferts vers Diourbel et Dakar ; quatre fiches de référence sur dix ne mentionnent ni les traitements administrés ni l'état du patient au départ. Recommandation : compléter la fiche de référence à chaque transfert.",
  },
  "4.3.3": {
    self: 1,
    audit: 2,
    classification: "recommendation",
    justification: "Les réhospitalisations à 30 jours ne sont pas encore suivies en routine.",
    finding:
      "L'indicateur est produit chaque trimestre depuis 2024 par le bureau des entrées, mais les cas ne sont pas analysés. Recommandation : analyser les réhospitalisations pour améliorer l'organisation de la sortie.",
  },

  // 5 Urgences et soins critiques
  "5.1.3": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Procédure d'afflux de victimes éprouvée chaque année pendant le Grand Magal : zone de tri matérialisée devant les urgences, fiches réflexes par fonction et lots de matériel prépositionnés, vérifiés pendant la visite.",
  },
  "5.1.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Délais relevés chaque mois depuis le projet PDCA ; pas encore de cible par niveau de tri.",
    finding:
      "Délai d'accès au premier examen médical et durée de passage calculés chaque mois depuis le projet PDCA ; pas de cible par niveau de tri, ni de revue avec l'équipe. Recommandation : fixer des cibles par niveau de tri et revoir les indicateurs en réunion de service.",
  },
  "5.2.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Oxymètres disponibles aux urgences et en salle de naissance ; les capteurs pédiatriques sont en nombre insuffisant.",
    finding:
      "Oxymètres à chaque poste des urgences et en salle de naissance ; en pédiatrie, un seul capteur pédiatrique pour huit lits, et les prescriptions d'oxygène ne fixent pas de cible de saturation. Recommandation : compléter les capteurs et prescrire une cible de saturation.",
  },
  "5.2.3": {
    self: 2,
    audit: 1,
    classification: "non_conformity",
    justification: "Formation aux gestes d'urgence dispensée aux équipes des urgences, de la maternité et du bloc ; les autres services sont programmés.",
    finding: "D'après le registre des formations, 46 % des soignants au contact des patients ont été formés aux gestes d'urgence depuis moins de deux ans, pour un minimum de 80 %.",
  },
  "5.3.2": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Scope et oxymètre à chaque lit de soins intensifs ; surveillance horaire tracée.",
    finding:
      "Surveillance horaire tracée sur les feuilles de soins intensifs ; sur deux des quatre scopes, les alarmes étaient désactivées ou sans volume. Recommandation : appliquer le protocole de réglage des alarmes et le vérifier à chaque relève.",
  },
  "5.3.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Les familles sont informées chaque jour par le médecin, mais l'entretien n'est pas toujours tracé.",
    finding: "Information quotidienne des proches confirmée par les familles rencontrées, mais tracée dans un dossier sur quatre. Recommandation : tracer chaque entretien avec les proches.",
  },

  // 6 Chirurgie, anesthésie et bloc opératoire
  "6.1.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Marquage du site fait en chirurgie programmée, pas toujours en urgence.",
    finding:
      "Site marqué pour les interventions programmées observées ; pour deux interventions orthopédiques en urgence, le marquage a été fait au bloc et non dans le service. Recommandation : marquer le site avant le départ du service, y compris en urgence.",
  },
  "6.1.4": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Audit de la check-list réalisé en 2024 : 94 % de check-lists présentes dans les dossiers.",
    finding:
      "L'audit de 2024 mesure la présence du document dans le dossier (94 %), non son usage en salle ; aucun audit d'observation n'a été conduit. Recommandation : mesurer la complétude de la check-list par observation en salle et restituer les résultats au conseil de bloc.",
  },
  "6.2.1": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding: "Consultation pré-anesthésique tracée avec score ASA et évaluation des voies aériennes dans les dix dossiers d'opérés examinés, complétée par une visite la veille de l'intervention.",
  },
  "6.2.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "SSPI de quatre places avec une infirmière dédiée ; sortie autorisée par le médecin anesthésiste.",
    finding:
      "SSPI dotée d'une infirmière dédiée ; le score d'Aldrete n'est pas tracé sur les feuilles de surveillance et la sortie n'est pas signée dans trois dossiers sur six. Recommandation : tracer le score de réveil et l'autorisation de sortie.",
  },
  "6.3.1": {
    self: 2,
    audit: 3,
    justification: "Charte de bloc rédigée, en attente de validation par le conseil de bloc.",
    finding: "Charte de bloc validée par le conseil de bloc en mars 2024 ; programmes opératoires arrêtés la veille et urgences priorisées selon un code couleur.",
  },
  "6.3.2": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Compte rendu opératoire rédigé le jour même dans la plupart des cas.",
    finding: "Sur dix comptes rendus opératoires, sept rédigés le jour même, trois deux à quatre jours après l'intervention. Recommandation : rédiger le compte rendu le jour de l'intervention.",
  },
  "6.3.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Mortalité périopératoire et déprogrammations suivies chaque semestre ; les reprises ne sont pas encore comptées.",
    finding:
      "Mortalité périopératoire et déprogrammations suivies chaque semestre à partir du registre du bloc ; les reprises non programmées ne sont pas comptées. Recommandation : ajouter les reprises chirurgicales au tableau de suivi.",
  },

  // 7 Santé de la mère, du nouveau-né et de l'enfant
  "7.1.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Partogramme utilisé pour toutes les parturientes en phase active du travail.",
    finding:
      "Partogramme présent dans les douze dossiers d'accouchement examinés ; dans cinq d'entre eux il a été complété après la naissance, et dans deux le franchissement de la ligne d'alerte n'est suivi d'aucune décision tracée. Recommandation : renseigner le partogramme en temps réel et tracer la décision.",
  },
  "7.1.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Accompagnant autorisé en salle de naissance ; la salle de travail commune limite l'intimité.",
    finding:
      "Accompagnant admis en salle de naissance mais pas dans la salle de travail commune (six lits sans séparation) ; le consentement avant le toucher vaginal n'est pas recherché de façon systématique. Recommandation : séparer les lits de travail et rappeler le recueil du consentement.",
  },
  "7.1.4": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Kits hémorragie du post-partum et éclampsie complets (ocytocine, misoprostol, sulfate de magnésium, gluconate de calcium), vérifiés et signés à chaque relève ; protocoles affichés en salle de naissance.",
  },
  "7.2.2": {
    self: 3,
    audit: 3,
    finding: "Soins essentiels observés lors de deux naissances (peau à peau, vitamine K, bracelet concordant) et tracés dans les six dossiers de nouveau-nés examinés, mise au sein comprise.",
  },
  "7.2.3": {
    self: "NA",
    audit: 2,
    classification: "recommendation",
    justification: "Pas d'unité mère kangourou dans l'établissement ; les nouveau-nés de faible poids sont pris en charge en néonatologie.",
    finding:
      "Contrairement à l'autoévaluation, un espace mère kangourou de quatre lits fonctionne en néonatologie depuis 2024, sans registre ni protocole écrit, et le suivi après la sortie n'est pas organisé. Recommandation : écrire le protocole, tenir le registre et organiser le suivi.",
  },
  "7.3.1": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding: "Chacun des trois décès maternels de 2024 a été notifié dans les 24 heures et revu dans les 30 jours selon le dispositif SDMR ; le tableau de suivi des recommandations est à jour.",
  },
  "7.3.2": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Poids, taille et périmètre brachial relevés à l'admission de tout enfant de moins de cinq ans.",
    finding:
      "Poids relevé dans tous les dossiers pédiatriques examinés ; le périmètre brachial et la recherche d'œdèmes manquent dans quatre dossiers sur dix. Recommandation : utiliser la fiche nutritionnelle à chaque admission.",
  },
  "7.3.3": {
    self: 1,
    audit: 1,
    classification: "recommendation",
    justification: "Une revue des décès périnatals en 2024 ; les pédiatres n'y sont pas encore associés.",
    finding: "Une seule revue des décès périnatals en 2024, sans les pédiatres, dont aucune mesure d'amélioration n'est issue. Recommandation : tenir des revues régulières associant obstétriciens, sages-femmes et pédiatres.",
  },

  // 8 Management de la prise en charge médicamenteuse (over-rated by the hospital)
  "8.1.2": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Stocks suivis sur logiciel avec seuils minimum et maximum ; les ruptures sont suivies.",
    finding:
      "Stocks suivis sur logiciel avec seuils ; le taux de rupture des médicaments traceurs n'est plus calculé depuis juin. Recommandation : le mesurer chaque mois sur la liste des médicaments traceurs.",
  },
  "8.1.3": {
    self: 3,
    audit: 1,
    classification: "non_conformity",
    justification: "Réfrigérateurs dédiés à la pharmacie et en maternité ; températures relevées chaque jour.",
    finding:
      "En maternité, l'ocytocine est conservée dans un réfrigérateur domestique partagé avec des aliments ; la température n'est relevée qu'une fois par jour, avec trois relevés au-dessus de +8 °C en mai sans action tracée, et il n'existe pas de conduite à tenir écrite.",
  },
  "8.1.4": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Armoires fermées à clé dans toutes les unités ; contrôle mensuel des péremptions.",
    finding:
      "Armoires fermées à clé ; dans deux unités, des médicaments périmés (ceftriaxone, sérum glucosé) étaient dans la dotation, et le contrôle mensuel n'est pas tracé depuis trois mois. Recommandation : tracer le contrôle mensuel et retirer les produits périmés.",
  },
  "8.2.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Prescriptions écrites, datées et signées dans tous les services.",
    finding:
      "Sur vingt prescriptions examinées, six utilisent le nom commercial et quatre n'indiquent pas la durée ; des prescriptions orales de nuit ne sont pas régularisées. Recommandation : prescrire en DCI avec la durée et régulariser les prescriptions orales dans les 24 heures.",
  },
  "8.2.2": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Chlorure de potassium concentré retiré des unités et détenu par la seule pharmacie ; médicaments à haut risque rangés à part sous étiquette rouge, double vérification observée pour l'insuline en médecine, registres des stupéfiants à jour.",
  },
  "8.2.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Administration vérifiée et tracée par l'infirmier sur le plan de soins.",
    finding:
      "Vérification de l'identité observée avant administration ; en chirurgie, les administrations de la tournée de 6 heures sont tracées en fin de poste et non au moment du soin. Recommandation : tracer chaque administration immédiatement.",
  },
  "8.2.4": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Analyse pharmaceutique des prescriptions réalisée en pédiatrie trois jours par semaine.",
    finding:
      "Le pharmacien analyse ponctuellement les prescriptions de pédiatrie ; ses interventions ne sont pas tracées et leur taux d'acceptation n'est pas suivi. Recommandation : tenir un registre des interventions pharmaceutiques.",
  },
  "8.3.2": {
    self: 3,
    audit: 1,
    classification: "non_conformity",
    justification: "Revue des erreurs médicamenteuses organisée par la pharmacie.",
    finding:
      "Aucune revue des erreurs médicamenteuses ne s'est réunie en 2024 et aucune notification n'a été adressée au centre national de pharmacovigilance, alors que huit erreurs médicamenteuses figurent au registre des événements indésirables.",
  },
  "8.3.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Conciliation médicamenteuse à l'admission expérimentée chez les patients diabétiques en médecine.",
    finding: "Conciliation réalisée chez les patients diabétiques en médecine depuis septembre ; le nombre de patients conciliés est suivi, pas les divergences corrigées. Recommandation : suivre aussi les divergences corrigées.",
  },

  // 9 Prévention et contrôle des infections (over-rated by the hospital)
  "9.1.2": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Procédures de précautions complémentaires disponibles ; chambre d'isolement aux urgences.",
    finding:
      "Procédures disponibles dans les services et stock d'appareils FFP2 suffisant ; aux urgences, aucun repérage des cas suspects n'est organisé à l'accueil et la chambre d'isolement sert de réserve. Recommandation : organiser le repérage à l'accueil et libérer la chambre d'isolement.",
  },
  "9.1.3": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Surveillance des infections du site opératoire après césarienne conduite au premier semestre 2024.",
    finding:
      "Une surveillance des infections après césarienne a été lancée en 2024, sans définition écrite des cas ni suivi après la sortie, et les taux n'ont pas été restitués aux équipes. Recommandation : appliquer une méthode définie pendant trois mois et restituer les taux.",
  },
  "9.1.4": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Antibioprophylaxie chirurgicale protocolisée ; le guide d'antibiothérapie est en cours de rédaction.",
    finding:
      "Protocole d'antibioprophylaxie affiché au bloc ; ni guide local d'antibiothérapie, ni liste d'antibiotiques à dispensation contrôlée, ni suivi des consommations. Recommandation : mettre en place le programme de bon usage des antibiotiques.",
  },
  "9.2.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "SHA produite par la pharmacie selon la formulation de l'OMS et disponible à chaque point de soins.",
    finding:
      "SHA produite par la pharmacie selon la formulation de l'OMS, lots contrôlés ; le suivi des distributions montre trois semaines de rupture en août en médecine et en pédiatrie, et aucun flacon sur les chariots de soins en chirurgie. Recommandation : fixer un stock de sécurité par unité.",
  },
  "9.2.2": {
    self: 3,
    audit: 1,
    classification: "non_conformity",
    justification: "Points d'eau équipés de savon liquide et d'essuie-mains dans chaque unité.",
    finding:
      "Sur quatorze points d'eau contrôlés, six étaient sans savon liquide et huit sans essuie-mains à usage unique (serviettes en tissu partagées en pédiatrie) ; plusieurs soignants portaient bagues ou montre pendant les soins.",
    firstAudit: {
      rating: 2,
      classification: "recommendation",
      finding: "Savon liquide absent de plusieurs points d'eau ; essuie-mains en tissu en pédiatrie. Recommandation : équiper chaque point d'eau.",
    },
  },
  "9.2.3": {
    self: 3,
    audit: 3,
    finding: "Audits d'observance des cinq moments réalisés en mars et en septembre dans chaque unité et restitués par affichage ; plan d'actions en médecine, où l'observance (52 %) est sous l'objectif du CLIN.",
  },
  "9.2.4": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Formation à l'hygiène des mains à l'arrivée de tout nouveau professionnel.",
    finding:
      "Les nouveaux soignants sont formés dans le mois ; d'après les feuilles d'émargement, ni les agents de bionettoyage du prestataire ni les stagiaires ne l'ont été. Recommandation : inclure le personnel prestataire et les stagiaires.",
  },
  "9.3.1": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Stérilisation centrale : test de Bowie-Dick quotidien tracé, charges libérées sur indicateurs physiques et chimiques, étiquettes de traçabilité retrouvées dans les dossiers des opérés examinés.",
  },
  "9.3.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "DASRI triés selon le code couleur et incinérés sur site.",
    finding:
      "Tri à la source conforme dans les unités visitées ; le local d'entreposage n'était pas fermé et l'incinérateur était à l'arrêt depuis dix jours, sans filière d'enlèvement de secours tracée. Recommandation : fermer le local et prévoir une filière de secours.",
  },

  // 10 Laboratoire, imagerie et transfusion
  "10.1.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Manuel de prélèvement disponible dans chaque unité ; tubes étiquetés au lit.",
    finding:
      "Manuel disponible ; en médecine, les tubes sont pré-étiquetés au poste de soins avant le prélèvement, et le registre des non-conformités n'est pas exploité. Recommandation : étiqueter au lit du patient et analyser les non-conformités.",
  },
  "10.1.2": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Contrôles internes passés pour chaque série en biochimie et en hématologie, interprétés selon les règles de Westgard ; deux séries bloquées en 2024 tant que le contrôle était hors limites, avec traçabilité.",
  },
  "10.1.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Participation à l'EEQ en hématologie et en biochimie ; la microbiologie n'est pas encore couverte.",
    finding: "EEQ en hématologie et en biochimie, avec actions correctives documentées ; la microbiologie n'est couverte par aucun programme. Recommandation : inscrire la microbiologie à un programme d'EEQ.",
  },
  "10.1.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Liste des valeurs critiques validée avec les cliniciens ; la traçabilité des appels de nuit est incomplète.",
    finding:
      "Liste validée et appels passés ; pour la moitié des appels de nuit, le registre ne trace ni l'heure ni la relecture du résultat par le destinataire. Recommandation : tracer l'heure, le destinataire et la relecture.",
  },
  "10.2.2": {
    self: 2,
    audit: 3,
    justification: "Demandes écrites avec indication ; l'interrogatoire sur une éventuelle grossesse n'est pas toujours tracé.",
    finding: "Bons de demande avec indication clinique ; question sur la grossesse posée et tracée sur la fiche d'examen ; affiches d'information en français et en wolof.",
  },
  "10.2.3": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Contrôle de qualité du scanner réalisé à son installation ; les contrôles périodiques sont à programmer.",
    finding:
      "Dernier contrôle de qualité des installations de radiologie en 2021, et les doses ne sont pas comparées aux niveaux de référence diagnostiques. Recommandation : reprendre les contrôles réglementaires par un organisme agréé.",
  },
  "10.3.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Traçabilité des produits sanguins assurée dans le dossier ; retour des fiches à la banque de sang irrégulier.",
    finding:
      "Numéro du produit et heure de pose tracés dans les dossiers examinés ; 71 % seulement des fiches de traçabilité reviennent à la banque de sang, et le patient n'est pas informé de la transfusion reçue. Recommandation : retourner chaque fiche et informer le patient.",
  },
  "10.3.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Comité de sécurité transfusionnelle créé en 2024 ; il s'est réuni une fois.",
    finding:
      "Les incidents transfusionnels sont déclarés à la banque de sang ; le comité de sécurité transfusionnelle, créé en 2024, s'est réuni une fois sans examiner la pertinence des prescriptions. Recommandation : évaluer chaque année la pertinence des prescriptions de produits sanguins.",
  },

  // 11 Ressources humaines et compétences
  "11.1.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Fiches de poste rédigées pour tous les métiers.",
    finding: "Fiches de poste rédigées pour chaque métier ; dans les quinze dossiers individuels tirés au sort, six ne sont pas signées par le titulaire. Recommandation : faire signer les fiches de poste.",
  },
  "11.1.3": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Effectifs cibles définis pour la maternité et les urgences ; le suivi mensuel est en cours de mise en place.",
    finding:
      "Des effectifs cibles ne sont définis que pour la maternité et aucun suivi mensuel des effectifs réels n'est produit, alors que les cadres signalent un sous-effectif infirmier de nuit en médecine. Recommandation : définir les cibles de chaque unité et suivre les écarts chaque mois.",
  },
  "11.1.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Absentéisme et postes vacants suivis par le service du personnel.",
    finding:
      "Absentéisme et postes vacants suivis chaque semestre ; ni la rotation ni les heures supplémentaires ne le sont, et aucun compte rendu de direction n'en fait l'analyse. Recommandation : compléter le tableau de bord et l'analyser en comité de direction.",
  },
  "11.2.2": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding: "Parcours d'intégration formalisé (livret, journée d'accueil mensuelle, tutorat de quatre semaines) ; check-lists signées retrouvées pour les arrivants de l'année.",
  },
  "11.2.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Entretiens annuels réalisés pour environ 60 % du personnel.",
    finding: "Le taux de réalisation des entretiens annuels atteint 63 %, en progrès depuis 2023, pour un minimum de 80 %. Recommandation : atteindre l'objectif en priorité dans les services de soins.",
  },
  "11.2.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Exercices de simulation de l'hémorragie du post-partum organisés en maternité.",
    finding: "Deux simulations d'hémorragie du post-partum en maternité, avec débriefing ; aucun exercice aux urgences ni en néonatologie. Recommandation : étendre la simulation in situ à chaque secteur à risque.",
  },
  "11.3.3": {
    self: 1,
    audit: 2,
    classification: "recommendation",
    justification: "Statut vaccinal contre l'hépatite B inconnu pour une partie du personnel.",
    finding: "Vaccination gratuite proposée depuis 2023 et registre tenu ; la couverture des professionnels exposés (58 %) n'est pas suivie chaque année. Recommandation : la suivre annuellement.",
  },

  // 12 Infrastructures, équipements et sécurité (over-rated by the hospital)
  "12.1.1": {
    self: 3,
    audit: 1,
    classification: "non_conformity",
    justification: "Extincteurs en place et vérifiés ; plans d'évacuation affichés.",
    finding: "Étiquettes de vérification des extincteurs datées de 2022, issue de secours de la pédiatrie encombrée de lits, et aucun exercice d'évacuation depuis l'ouverture du nouveau bâtiment.",
  },
  "12.1.2": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Accès à la maternité et à la néonatologie contrôlé par des vigiles.",
    finding:
      "Accès contrôlé le jour ; la nuit, la porte de la néonatologie reste ouverte et l'équipe de nuit ne connaît pas la procédure de prévention des enlèvements. Recommandation : contrôler l'accès 24 h/24 et former l'équipe de nuit.",
  },
  "12.1.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Locaux adaptés, sanitaires entretenus, salles d'attente abritées.",
    finding:
      "Signalétique en français et en wolof, salles d'attente abritées ; sanitaires hors d'usage dans deux services, et pas de point d'eau potable pour les accompagnants en médecine. Recommandation : réparer les sanitaires et installer un point d'eau.",
  },
  "12.1.4": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding:
      "Plan de gestion des situations sanitaires exceptionnelles mis en œuvre chaque année pour le Grand Magal : cellule de crise, rappel du personnel, libération de lits et retour d'expérience écrit.",
  },
  "12.2.1": {
    self: 3,
    audit: 3,
    finding: "Groupe électrogène essayé en charge chaque mois (registre à jour), bascule mesurée à 9 secondes, 72 heures de carburant ; onduleurs au bloc et en néonatologie.",
  },
  "12.2.3": {
    self: 3,
    audit: 1,
    classification: "non_conformity",
    justification: "Réserve d'eau de 48 heures ; analyses réalisées.",
    finding: "Réservoirs non nettoyés depuis 2023, aucune analyse bactériologique ni mesure du chlore résiduel en douze mois ; la réserve couvre environ 24 heures de besoins.",
  },
  "12.2.4": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Les coupures d'électricité sont consignées par le service technique.",
    finding:
      "Coupures d'électricité consignées ; les interruptions d'eau ne le sont pas, et aucun bilan annuel n'alimente le plan d'investissement. Recommandation : enregistrer toutes les interruptions et les analyser chaque année.",
  },
  "12.3.1": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Inventaire biomédical complet et à jour.",
    finding:
      "Inventaire tenu pour le bloc et les soins intensifs ; les équipements de la maternité et de la pédiatrie n'y figurent pas, et deux dons récents ont été acceptés sans évaluation préalable. Recommandation : compléter l'inventaire et évaluer chaque don.",
  },
  "12.3.2": {
    self: 2,
    audit: 1,
    classification: "non_conformity",
    justification: "Maintenance préventive assurée pour le bloc ; les couveuses et les pousse-seringues restent en maintenance curative.",
    finding: "Aucun plan de maintenance préventive pour les couveuses, les pousse-seringues et les défibrillateurs ; trois couveuses sur six en panne depuis plus d'un mois, sans suivi du délai de remise en service.",
  },
  "12.3.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Formation des utilisateurs à la mise en service de chaque équipement.",
    finding:
      "Formations tracées pour les respirateurs et les appareils d'anesthésie ; aucune déclaration de matériovigilance en 2024, malgré des incidents rapportés en entretien. Recommandation : déclarer et analyser les incidents liés aux dispositifs médicaux.",
  },

  // 13 Information de santé et dossier patient
  "13.1.3": {
    self: 3,
    audit: 2,
    classification: "recommendation",
    justification: "Lettre de liaison remise à chaque sortie.",
    finding:
      "Lettre de liaison présente dans huit dossiers sur dix, mais remise le jour de la sortie dans cinq cas seulement, et jamais adressée au médecin qui assure le suivi. Recommandation : la remettre le jour même et l'adresser au médecin du patient.",
  },
  "13.1.4": {
    self: 2,
    audit: 1,
    classification: "recommendation",
    justification: "Audit annuel du dossier patient conduit par le bureau qualité.",
    finding: "L'audit de 2024 porte sur dix dossiers, sans grille validée, et ses résultats n'ont pas été présentés en CME. Recommandation : auditer au moins trente dossiers avec une grille définie et présenter les résultats en CME.",
  },
  "13.2.1": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Dossiers rangés dans des armoires fermées dans la plupart des services.",
    finding:
      "Armoires fermées dans les services visités ; aux urgences, des dossiers restaient ouverts sur le comptoir d'accueil, et un tableau nominatif des patients était visible du public. Recommandation : retirer l'affichage nominatif et ranger les dossiers.",
  },
  "13.2.2": {
    self: 2,
    audit: 3,
    justification: "Procédure d'accès au dossier rédigée ; le délai de réponse n'est pas encore suivi.",
    finding: "Procédure écrite conforme ; le registre des demandes suit le délai de réponse (huit jours en moyenne en 2024).",
  },
  "13.2.3": {
    self: 1,
    audit: 2,
    classification: "recommendation",
    justification: "Local d'archives trop petit et humide ; le classement est à revoir.",
    finding:
      "Classement par numéro : un dossier retrouvé en une quinzaine de minutes lors de l'essai ; le local présente des traces d'humidité et n'a pas de détecteur d'incendie. Recommandation : protéger le local contre l'humidité et l'incendie.",
  },
  "13.2.4": {
    self: "NA",
    audit: "NA",
    justification: "Le dossier patient est entièrement sur papier : aucune donnée de patient n'est informatisée à ce jour.",
    finding: "Dossier patient entièrement sur papier, constaté dans toutes les unités visitées : le critère ne s'applique pas.",
  },
  "13.3.1": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Codage CIM-10 assuré par le bureau des statistiques ; l'exhaustivité n'est pas encore mesurée.",
    finding: "Codage CIM-10 assuré par deux agents du bureau des statistiques, dont un seul est formé, et l'exhaustivité du codage n'est pas mesurée. Recommandation : former les codeurs et mesurer l'exhaustivité chaque trimestre.",
  },
  "13.3.2": {
    self: 3,
    audit: 3,
    classification: "strength",
    finding: "Rapports mensuels saisis dans DHIS2 dans les délais sur les douze derniers mois ; maladies à déclaration obligatoire notifiées le jour même au district sanitaire.",
  },
  "13.3.3": {
    self: 2,
    audit: 2,
    classification: "recommendation",
    justification: "Données d'activité analysées en comité de direction chaque trimestre.",
    finding:
      "Taux d'occupation et durée moyenne de séjour analysés chaque trimestre en direction ; ni la mortalité ni les sorties contre avis médical ne le sont, et aucune décision d'allocation n'est actée. Recommandation : compléter l'analyse et tracer les décisions qui en découlent.",
  },
};

/** "Procédure d'identitovigilance" → "procédure d'identitovigilance"; "PAQSS en vigueur" stays as it is. */
function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** The criterion's expected evidence, as a list in a sentence. */
function evidenceText(criterion: Criterion): string {
  return criterion.evidence.map((e) => lowerFirst(e.fr)).join(" ; ");
}

function chapterCodeOf(version: ReferentialVersion): Map<string, string> {
  return new Map(version.chapters.flatMap((chapter) => chapter.standards.flatMap((s) => s.criteria.map((c) => [c.code, chapter.code] as const))));
}

/** Every criterion of the version, the hospital's rating beside the auditors'. Throws if the table names an unknown code. */
export function toubaRatings(version: ReferentialVersion): DemoCriterion[] {
  const criteria = allCriteria(version);
  const unknown = Object.keys(TOUBA).filter((code) => !criteria.some((c) => c.code === code));
  if (unknown.length) throw new Error(`demo-audit-content: unknown criteria ${unknown.join(", ")} in ${version.code} ${version.version}`);
  const chapters = chapterCodeOf(version);
  return criteria.map((criterion) => {
    const entry = TOUBA[criterion.code] ?? { self: 3, audit: 3 };
    const methods = [...criterion.methods];
    return {
      code: criterion.code,
      chapterCode: chapters.get(criterion.code)!,
      self: { rating: entry.self, justification: entry.justification ?? `Éléments disponibles : ${evidenceText(criterion)}.` },
      audit: {
        rating: entry.audit,
        finding: entry.finding ?? `Vérifié sur place : ${evidenceText(criterion)}.`,
        classification: entry.classification ?? null,
        methods,
      },
      ...(entry.firstAudit ? { firstAudit: { ...entry.firstAudit, methods } } : {}),
    };
  });
}

export const TOUBA_SUMMARY = {
  fr: [
    "Visite de trois jours au Centre Hospitalier National Cheikh Ahmadou Khadim de Touba (label-qss 2024), conduite par documents, entretiens, observations et patients traceurs dans tous les services cliniques.",
    "",
    "Points forts : une organisation de crise éprouvée chaque année par le Grand Magal (afflux de victimes, cellule de crise, retour d'expérience) ; une culture du signalement des événements indésirables en progrès ; la protection des patients démunis (aucune rétention pour impayés, fonds social) ; une stérilisation centrale maîtrisée ; les revues des décès maternels conformes au dispositif national. Tous les critères impératifs sont satisfaits.",
    "",
    "Recommandations prioritaires : 1. Prévention des infections : équiper chaque point d'eau (savon, essuie-mains à usage unique), sécuriser l'approvisionnement en SHA et former le personnel prestataire. 2. Circuit du médicament : chaîne du froid en maternité et revue des erreurs médicamenteuses. 3. Infrastructures : vérification des extincteurs et exercice d'évacuation, nettoyage et contrôle des réservoirs d'eau, maintenance préventive des couveuses. 4. Étendre les RMM à la médecine et à la pédiatrie, et former 80 % des soignants aux gestes d'urgence.",
    "",
    "Sur ces trois chapitres (8, 9 et 12), l'autoévaluation de l'établissement est nettement plus favorable que les constats de l'équipe : l'écart mérite d'être discuté avec la direction. Niveau proposé par les auditeurs : Argent.",
  ].join("\n"),
  en: [
    "Three-day visit to the Centre Hospitalier National Cheikh Ahmadou Khadim in Touba (label-qss 2024), through documents, interviews, observation and patient tracers in every clinical department.",
    "",
    "Strengths: crisis arrangements tested every year by the Grand Magal pilgrimage (mass casualties, crisis unit, debriefing); a growing culture of incident reporting; protection of patients who cannot pay (no one held for unpaid bills, social fund); well-controlled central sterilisation; maternal death reviews in line with the national system. Every critical criterion is fully met.",
    "",
    "Priority recommendations: 1. Infection prevention: equip every sink (liquid soap, single-use towels), secure the supply of alcohol-based hand rub and train contractors' staff. 2. Medicines: cold chain in the maternity unit and a medication error review. 3. Infrastructure: fire extinguisher checks and an evacuation drill, cleaning and testing of the water tanks, preventive maintenance of incubators. 4. Extend morbidity and mortality reviews to medicine and paediatrics, and train 80 % of clinical staff in emergency life support.",
    "",
    "On these three chapters (8, 9 and 12) the hospital's self-assessment is clearly more favourable than the team's findings: the gap deserves a discussion with its management. Level proposed by the auditors: Silver.",
  ].join("\n"),
};

/**
 * The labelling committee of the demo decisions, one member a line: roles, never people's names (the real committee's
 * members are not in the sources).
 */
export const DEMO_COMMITTEE = [
  "Directrice des relations internationales de l'AP-HP (présidente)",
  "Responsable du label qualité et sécurité des soins, Direction des relations internationales",
  "Représentant de la direction de la qualité et de la gestion des risques de l'AP-HP",
  "Médecin coordonnateur de la gestion des risques associés aux soins d'un groupe hospitalier de l'AP-HP",
  "Cadre supérieure de santé, experte en prévention et contrôle des infections",
  "Auditeur principal de la visite (rapporteur, sans voix délibérative)",
].join("\n");

/** Who signs the demo certificates: a role too. */
export const DEMO_SIGNER = {
  signerName: "La directrice des relations internationales de l'AP-HP",
  signerTitle: "Direction des relations internationales, AP-HP",
} as const;

/**
 * The committee's decision on Touba's audit, as published: Label Argent with a special mention for the dynamic it
 * created, certificate handed over on 5 December 2025, valid the default four years. Argent is the level the audit
 * reaches, so no justification is needed.
 */
export const TOUBA_DECISION: DecisionInput = {
  outcome: "awarded",
  level: "silver",
  levelJustification: "",
  mentionFr: "pour la dynamique engendrée",
  mentionEn: "for the dynamic it created",
  decidedOn: "2025-12-05",
  validFrom: "2025-12-05",
  validUntil: defaultValidUntil("2025-12-05", 4),
  conditions: "",
  revisitOn: null,
  reasons: "",
  committeeMembers: DEMO_COMMITTEE,
  ...DEMO_SIGNER,
};

/**
 * The dates of Touba's process, before the decision (about a year, as published; the days are illustrative): opened,
 * self-assessment due, the three-day visit, the audit handed in.
 */
export const TOUBA_DATES = {
  openedOn: "2024-12-09",
  selfAssessmentDue: "2025-07-31",
  visitScheduledOn: "2025-09-01",
  visitStartsOn: "2025-10-14",
  visitEndsOn: "2025-10-16",
  auditSubmittedOn: "2025-10-24",
} as const;

/** A small deterministic generator (mulberry32), so every demo database is the same. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The N/A ratings of the fictional third hospital, with why. */
const THIRD_NOT_APPLICABLE: Record<string, string> = {
  "10.3.2": "Aucun produit sanguin n'est conservé sur site : les poches sont délivrées patient par patient par le centre de transfusion sanguine.",
  "13.2.4": "Le dossier patient est entièrement sur papier : aucune donnée de patient n'est informatisée à ce jour.",
};

/** The hospital's justification of a rating, pointing at the criterion's own expected evidence. */
function selfJustification(criterion: Criterion, rating: Exclude<RatingValue, "NA">): string {
  const evidence = criterion.evidence[0]?.fr ?? "";
  return rating === 3
    ? `Éléments disponibles : ${evidenceText(criterion)}.`
    : rating === 2
      ? `En place dans la plupart des services (« ${evidence} ») ; quelques écarts relevés lors de l'audit interne restent à corriger.`
      : rating === 1
        ? `Démarche engagée mais incomplète : « ${evidence} » encore en préparation ; action inscrite au plan.`
        : `Rien n'est encore en place (« ${evidence} » : aucun élément à ce jour) ; sujet prioritaire du comité qualité.`;
}

/**
 * The fictional third hospital's complete self-assessment: mostly fully or largely met, every justification
 * pointing at the criterion's own expected evidence.
 */
export function thirdHospitalRatings(version: ReferentialVersion): { code: string; rating: RatingValue; justification: string }[] {
  const next = seededRandom(2025);
  return allCriteria(version).map((criterion) => {
    const roll = next();
    const na = THIRD_NOT_APPLICABLE[criterion.code];
    if (na && criterion.na_allowed) return { code: criterion.code, rating: "NA", justification: na };
    const rating = criterion.tier === "critical" ? (roll < 0.75 ? 3 : 2) : roll < 0.5 ? 3 : roll < 0.85 ? 2 : roll < 0.97 ? 1 : 0;
    return { code: criterion.code, rating, justification: selfJustification(criterion, rating) };
  });
}

// The fictional audit of the CHU Sylvanus Olympio (Lomé), handed in and awaiting the committee: the auditors' ratings
// reach Bronze (every critical criterion at least largely met, some not fully; global between 60 % and 75 %; every
// chapter at 50 % or more), weaker on medicines (8) and infrastructures (12), stronger on maternal and child health
// (7); the hospital rated itself a little more generously. Generated, the same at every run; findings point at
// the criterion's own expected evidence.

/** The chapters where Lomé's audit is weakest, and the one where it is strongest. */
export const LOME_WEAK_CHAPTERS = ["8", "12"] as const;
export const LOME_STRONG_CHAPTER = "7";

/**
 * The auditors' ratings of a chapter's criteria that are not critical, by profile: the first as many as the chapter
 * has such criteria, shuffled among them. Fixed shares, so the chapters rank as the summary says at every run.
 */
const LOME_PROFILE = {
  weak: [2, 1, 3, 2, 1, 2, 0, 2, 1, 3, 2],
  usual: [2, 3, 1, 2, 2, 3, 1, 2, 3, 2, 0],
  strong: [3, 3, 2, 3, 3, 2, 3, 3, 1, 3, 3],
} as const satisfies Record<string, readonly Exclude<RatingValue, "NA">[]>;

function lomeAuditRating(criterion: Criterion, rating: Exclude<RatingValue, "NA">, strength: boolean): DemoAuditRating {
  const evidence = lowerFirst(criterion.evidence[0]?.fr ?? "");
  const methods = [...criterion.methods];
  if (rating === 3) {
    return strength
      ? { rating, classification: "strength", methods, finding: `Pratique exemplaire, constatée dans chaque unité visitée : ${evidenceText(criterion)}.` }
      : { rating, classification: null, methods, finding: `Vérifié sur place : ${evidenceText(criterion)}.` };
  }
  if (rating === 2) {
    return {
      rating,
      classification: "recommendation",
      methods,
      finding: `Exigence satisfaite pour l'essentiel (${evidence}) ; des écarts ponctuels relevés sur l'échantillon examiné. Recommandation : corriger ces écarts et en suivre l'application lors des audits internes.`,
    };
  }
  if (rating === 1) {
    return {
      rating,
      classification: "recommendation",
      methods,
      finding: `Mise en œuvre partielle : ${evidence}, dans une partie des services seulement. Recommandation : étendre la démarche à toutes les unités et en mesurer l'application.`,
    };
  }
  return {
    rating,
    classification: "non_conformity",
    methods,
    finding: `Aucun élément probant lors de la visite (${evidence} : absent). Non-conformité : une action corrective est attendue avant la prochaine visite.`,
  };
}

/** Every criterion of the version: Lomé's self-rating beside the auditors'. */
export function lomeRatings(version: ReferentialVersion): DemoCriterion[] {
  const next = seededRandom(228); // 228: Togo's calling code
  const audit = new Map<string, Exclude<RatingValue, "NA">>();
  for (const chapter of version.chapters) {
    const criteria = chapter.standards.flatMap((s) => s.criteria);
    const profile = (LOME_WEAK_CHAPTERS as readonly string[]).includes(chapter.code) ? LOME_PROFILE.weak : chapter.code === LOME_STRONG_CHAPTER ? LOME_PROFILE.strong : LOME_PROFILE.usual;
    const others = criteria.filter((c) => c.tier !== "critical");
    const ratings = profile.slice(0, others.length);
    for (let i = ratings.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [ratings[i], ratings[j]] = [ratings[j]!, ratings[i]!];
    }
    others.forEach((c, i) => audit.set(c.code, ratings[i]!));
    // Critical criteria: at least largely met (Bronze), one in three not fully (no Argent).
    for (const c of criteria) if (c.tier === "critical") audit.set(c.code, next() < 0.35 ? 2 : 3);
  }
  const chapters = chapterCodeOf(version);
  return allCriteria(version).map((criterion) => {
    const rating = audit.get(criterion.code)!;
    // The hospital gave itself one point more on about a quarter of the criteria it had not fully met.
    const self = rating < 3 && next() < 0.25 ? ((rating + 1) as 1 | 2 | 3) : rating;
    return {
      code: criterion.code,
      chapterCode: chapters.get(criterion.code)!,
      self: { rating: self, justification: selfJustification(criterion, self) },
      audit: lomeAuditRating(criterion, rating, rating === 3 && next() < 0.1),
    };
  });
}

export const LOME_SUMMARY = {
  fr: [
    "Démarche fictive (données de démonstration de la plateforme) : cette visite n'a pas eu lieu.",
    "",
    "Visite de trois jours au CHU Sylvanus Olympio de Lomé (label-qss 2024), conduite par documents, entretiens, observations et patients traceurs.",
    "",
    "Points forts : la santé de la mère, du nouveau-né et de l'enfant (chapitre 7), où les pratiques observées sont les plus abouties ; une gouvernance de la qualité en place. Tous les critères impératifs sont au moins largement satisfaits, mais pas tous entièrement.",
    "",
    "Recommandations prioritaires : le circuit du médicament (chapitre 8) et les infrastructures et la sécurité des locaux (chapitre 12), les deux chapitres les plus faibles ; satisfaire entièrement les critères impératifs encore largement conformes, condition du niveau Argent. Niveau proposé par les auditeurs : Bronze.",
  ].join("\n"),
  en: [
    "Fictional process (the platform's demo data): this visit never happened.",
    "",
    "Three-day visit to the CHU Sylvanus Olympio in Lomé (label-qss 2024), through documents, interviews, observation and patient tracers.",
    "",
    "Strengths: maternal, newborn and child health (chapter 7), where the practices observed are the most mature; quality governance in place. Every critical criterion is at least largely met, though not all fully.",
    "",
    "Priority recommendations: medication management (chapter 8) and facilities and safety (chapter 12), the two weakest chapters; fully meet the critical criteria still only largely met, which Silver requires. Level proposed by the auditors: Bronze.",
  ].join("\n"),
};
