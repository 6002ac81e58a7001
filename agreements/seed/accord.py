"""The Japan–Ukraine Accord of 13 June 2024, clause by clause, as curated data.

The only copy of the text among the seed documents is seed 000 (Ukrinform),
which lost every "op" and "ol" letter pair. Each clause here holds the repaired
text; `repair.damage(text)` gives back the received passage exactly, which
tests/test_seed.py checks paragraph by paragraph. Non-breaking spaces of the
received text are kept (written as \\u00a0) so that the check stays exact.

Numbering: sections and numbered paragraphs or lettered items use their
printed number (`II.1.(5)`, `II.2.(2)(a)`); unnumbered paragraphs take the
number of what they sit in plus ¶n (`III ¶2`, `II.1 ¶2`); the text of a
numbered item is its first paragraph, so a further paragraph of item
`II.3.(5)` is `II.3.(5) ¶2`. The preamble is `Preamble` with paragraphs
`Preamble ¶1` …; the signature block is `Signatures ¶1` and `¶2`. Topics are
slugs of the vocabulary created by migration 0002.
"""

import re
from typing import NamedTuple


class ClauseData(NamedTuple):
    number: str
    parent: str | None
    heading: str
    text: str
    topics: tuple[str, ...] = ()


TITLE = (
    "Accord on Support for Ukraine and Cooperation between Ukraine and the "
    "Government of Japan"
)

CLAUSES = (
    ClauseData(
        "Preamble",
        None,
        "Preamble",
        "",
        (),
    ),
    ClauseData(
        "Preamble ¶1",
        "Preamble",
        "",
        (
            "Ukraine and the Government of Japan (hereinafter referred to "
            "individually as a “Participant” and collectively as the "
            "“Participants”),"
        ),
        (),
    ),
    ClauseData(
        "Preamble ¶2",
        "Preamble",
        "",
        (
            "Recalling\u00a0the Joint Declaration of Support for Ukraine (G7 Joint "
            "Declaration) adopted by President of Ukraine Volodymyr Zelenskyy "
            "and the Leaders of the G7 on 12 July 2023 on the margins of NATO "
            "Summit in Vilnius;"
        ),
        (),
    ),
    ClauseData(
        "Preamble ¶3",
        "Preamble",
        "",
        (
            "Being\u00a0unwavering in support for Ukraine’s independence, "
            "sovereignty and territorial integrity within its borders, which "
            "have been internationally recognized since 1991, including the "
            "territorial sea;"
        ),
        ("security-defence",),
    ),
    ClauseData(
        "Preamble ¶4",
        "Preamble",
        "",
        (
            "Expressing\u00a0the steadfast condemnation and position, in the "
            "strongest possible terms, against Russia’s ongoing aggression, "
            "which clearly infringes upon sovereignty and territorial integrity"
            " of Ukraine, and constitutes a serious violation of the principles"
            " of the Charter of the United Nations (UN), in particular the "
            "prohibition on the use of force;"
        ),
        ("security-defence",),
    ),
    ClauseData(
        "Preamble ¶5",
        "Preamble",
        "",
        (
            "Recognizing\u00a0that UN Member States must cooperate with each other "
            "to maintain peace and security;"
        ),
        ("security-defence",),
    ),
    ClauseData(
        "Preamble ¶6",
        "Preamble",
        "",
        (
            "Recognizing\u00a0that the Participants are the Special Global Partners,"
            " as stated in the Joint Statement on Special Global Partnership "
            "between Ukraine and Japan issued on 21 March 2023, sharing the "
            "basic principles such as freedom, democracy and the rule of law, "
            "which have enormous potential in their further bilateral "
            "cooperation;"
        ),
        (),
    ),
    ClauseData(
        "Preamble ¶7",
        "Preamble",
        "",
        (
            "Determined\u00a0to achieve as soon as possible a comprehensive, just "
            "and lasting peace in Ukraine based on the principles of Ukraine’s "
            "Peace Formula in line with international law, to strongly oppose "
            "any unilateral attempts to change the status quo by force or "
            "coercion, and to uphold and strengthen the free and open "
            "international order based on the rule of law with a conviction "
            "that the security in Euro-Atlantic and Indo-Pacific regions are "
            "inseparable; and"
        ),
        ("just-peace",),
    ),
    ClauseData(
        "Preamble ¶8",
        "Preamble",
        "",
        ("Recognizing and supporting\u00a0the Euro-Atlantic aspirations of Ukraine;"),
        ("euro-atlantic-integration",),
    ),
    ClauseData(
        "Preamble ¶9",
        "Preamble",
        "",
        (
            "Have jointly determined to strengthen their bilateral long-term "
            "cooperation as well as commitments and arrangements in the areas, "
            "including security and defense, humanitarian support, and recovery"
            " and reconstruction by pursuing the measures referred to in this "
            "Accord."
        ),
        ("security-defence", "humanitarian", "reconstruction"),
    ),
    ClauseData(
        "I",
        None,
        "Purpose",
        "",
        ("security-defence", "humanitarian", "reconstruction"),
    ),
    ClauseData(
        "I ¶1",
        "I",
        "",
        (
            "The purpose of this Accord is to clarify the areas of support and "
            "cooperation as well as commitments and arrangements, including "
            "security and defense, humanitarian support and recovery and "
            "reconstruction for the realization of strategic objectives of a "
            "free, independent, democratic and sovereign Ukraine, within its "
            "borders, which have been internationally recognized since 1991, "
            "including the territorial sea, in accordance with respective "
            "constitutional and legal requirements and regulations."
        ),
        ("security-defence", "humanitarian", "reconstruction"),
    ),
    ClauseData(
        "II",
        None,
        "Areas of support and bilateral cooperation",
        "",
        ("security-defence", "humanitarian", "reconstruction", "financial"),
    ),
    ClauseData(
        "II.1",
        "II",
        "Security and defense assistance and cooperation",
        "",
        ("security-defence",),
    ),
    ClauseData(
        "II.1 ¶1",
        "II.1",
        "",
        (
            "Recalling that Japan has provided various support in response to "
            "the request from Ukraine, including the provision of non-lethal "
            "equipment such as trucks and drones as well as contribution to "
            "Ukraine-NATO Comprehensive Assistance Package (CAP) Trust Fund, "
            "the Japanese side will continue to provide support for Ukraine in "
            "accordance with its constitutional and legal requirements and "
            "regulations, as Ukraine defends its sovereignty and territorial "
            "integrity against the ongoing aggression. Such support in the "
            "field of security and defense includes, but not limited to, the "
            "following areas:"
        ),
        ("security-defence",),
    ),
    ClauseData(
        "II.1.(1)",
        "II.1",
        "",
        "Provision of non-lethal equipment and goods;",
        ("security-defence",),
    ),
    ClauseData(
        "II.1.(2)",
        "II.1",
        "",
        (
            "Cooperation through Coalitions in which Japan is a member, formed "
            "by Ukraine Defense Contact Group, including IT and Demining "
            "Coalitions;"
        ),
        ("security-defence",),
    ),
    ClauseData(
        "II.1.(3)",
        "II.1",
        "",
        "Contribution to Ukraine-NATO CAP Trust Fund;",
        ("security-defence",),
    ),
    ClauseData(
        "II.1.(4)",
        "II.1",
        "",
        "Treatment of injured Ukrainian service members; and",
        ("security-defence",),
    ),
    ClauseData(
        "II.1.(5)",
        "II.1",
        "",
        ("Cooperation in the area of intelligence in the security and defense sector."),
        ("security-defence", "intelligence"),
    ),
    ClauseData(
        "II.1 ¶2",
        "II.1",
        "",
        (
            "The Participants seek to conclude an agreement on the security of "
            "information between Ukraine and Japan for the purpose of "
            "reciprocally protecting classified information exchanged between "
            "the Participants, and expanding and facilitating information "
            "sharing between relevant agencies of the Participants."
        ),
        ("intelligence",),
    ),
    ClauseData(
        "II.1 ¶3",
        "II.1",
        "",
        (
            "To ensure above-mentioned objectives, the Participants will hold "
            "senior-level bilateral Security Policy Dialogue."
        ),
        ("security-defence", "intelligence"),
    ),
    ClauseData(
        "II.2",
        "II",
        ("Humanitarian, recovery and reconstruction, technical, and financial support"),
        "",
        ("humanitarian", "reconstruction", "financial"),
    ),
    ClauseData(
        "II.2 ¶1",
        "II.2",
        "",
        (
            "Recalling that Japan has continuously provided various assistance "
            "in response to Ukraine’s immediate, medium and long-term needs "
            "since the beginning of Russia’s aggression, and acknowledging the "
            "important role of the Multi-agency Donor Coordination Platform, "
            "the Japanese side will provide appropriate level of humanitarian, "
            "recovery and reconstruction, technical and financial support as a "
            "responsible member of the G7, in accordance with its "
            "constitutional and legal requirements and regulations, including, "
            "but not limited to, in the following areas in (1) and (2):"
        ),
        ("humanitarian", "reconstruction", "financial"),
    ),
    ClauseData(
        "II.2.(1)",
        "II.2",
        "",
        (
            "Humanitarian assistance to fulfill the immediate needs of the "
            "Ukrainian population in the face of the ongoing aggression, "
            "including support in the health and medical sector, support for "
            "vulnerable people including women and children and winterization "
            "support. The Japanese side will continue its humanitarian "
            "assistance, including through the mechanisms of Official "
            "Development Assistance of Japan."
        ),
        ("humanitarian",),
    ),
    ClauseData(
        "II.2.(2)",
        "II.2",
        "",
        "Recovery and reconstruction support such as:",
        ("reconstruction",),
    ),
    ClauseData(
        "II.2.(2)(a)",
        "II.2.(2)",
        "",
        "Humanitarian mine action and debris clearance;",
        ("humanitarian", "reconstruction"),
    ),
    ClauseData(
        "II.2.(2)(b)",
        "II.2.(2)",
        "",
        (
            "Improvement of the humanitarian situation and livelihood "
            "reconstruction, including that of women and children;"
        ),
        ("humanitarian", "reconstruction"),
    ),
    ClauseData(
        "II.2.(2) ¶2",
        "II.2.(2)",
        "",
        "Economic reconstruction and industrial enhancement, such as",
        ("reconstruction", "industrial"),
    ),
    ClauseData(
        "II.2.(2)(c)",
        "II.2.(2)",
        "",
        "Development of agricultural sector;",
        ("reconstruction",),
    ),
    ClauseData(
        "II.2.(2)(d)",
        "II.2.(2)",
        "",
        "Innovative manufacturing including biotechnology;",
        ("reconstruction", "industrial"),
    ),
    ClauseData(
        "II.2.(2)(e)",
        "II.2.(2)",
        "",
        "Digital and IT/ICT;",
        ("reconstruction",),
    ),
    ClauseData(
        "II.2.(2)(f)",
        "II.2.(2)",
        "",
        (
            "Creating fundamental basis for recovery, including enhancing "
            "protection, resilience and reconstruction of critical "
            "infrastructure, such as transportation and energy infrastructure;"
        ),
        ("reconstruction",),
    ),
    ClauseData(
        "II.2.(2)(g)",
        "II.2.(2)",
        "",
        "Anti-corruption measures and enhancement of governance; and",
        ("reconstruction", "reform"),
    ),
    ClauseData(
        "II.2.(2)(h)",
        "II.2.(2)",
        "",
        "Basic government functions.",
        ("reconstruction",),
    ),
    ClauseData(
        "II.2.(3)",
        "II.2",
        "",
        (
            "Recalling that the Participants successfully conducted the "
            "Ukraine-Japan Conference for Promotion of Economic Growth and "
            "Reconstruction on 19 February 2024, with the announcement of 56 "
            "signed cooperation documents, and noting its significance in "
            "maintaining and increasing the momentum for international support "
            "to Ukraine, the Japanese side continues to make every effort to "
            "encourage the Japanese private sector's involvement in the "
            "recovery and reconstruction projects in Ukraine, including through"
            " the close coordination and cooperation with relevant domestic "
            "institutions and organizations such as Japan International "
            "Cooperation Agency (JICA), Japan External Trade Organization "
            "(JETRO), Japan Bank for International Cooperation (JBIC) and "
            "Nippon Export and Investment Insurance (NEXI). The participants "
            "acknowledge the importance of applying the advanced technologies "
            "which the Japanese companies possess in the field of recovery and "
            "reconstruction to enhance Ukraine’s resilience and flexibility. "
            "The Japanese side will take into account the perspective of Women,"
            " Peace and Security (WPS) through all phases of the recovery and "
            "reconstruction."
        ),
        ("reconstruction", "industrial"),
    ),
    ClauseData(
        "II.2.(4)",
        "II.2",
        "",
        (
            "Japan has committed and provided to Ukraine financial, "
            "humanitarian and other assistance worth a total value of over 12 "
            "billion US dollars since March 2022, including 4.5 billion US "
            "dollars support for 2024. In this context, the Participants "
            "recognize the importance of reforms by Ukraine as articulated in "
            "the part IV. of this Accord and monitor progress including through"
            " bilateral dialogues. The Japanese side stands behind Ukraine’s "
            "International Monetary Fund (IMF) programme goals of sustaining "
            "economic and financial stability, restoring debt sustainability "
            "and promoting reforms that support Ukraine’s recovery."
        ),
        ("financial", "humanitarian", "reform"),
    ),
    ClauseData(
        "II.2.(5)",
        "II.2",
        "",
        (
            "The Japanese side will continue to support Ukraine under this "
            "Accord for the duration of this Accord."
        ),
        ("financial", "duration"),
    ),
    ClauseData(
        "II.3",
        "II",
        "Other areas of support and cooperation",
        "",
        (
            "cybersecurity",
            "information-manipulation",
            "organised-crime",
            "maritime",
            "industrial",
            "cbrn-nuclear-safety",
        ),
    ),
    ClauseData(
        "II.3 ¶1",
        "II.3",
        "",
        (
            "Recalling that attempts to destabilize Ukrainian society are "
            "ongoing, and recognizing that resisting these attempts will "
            "support Ukraine's efforts to defend its sovereignty and "
            "territorial integrity as well as to realize rapid recovery and "
            "reconstruction, the Japanese side will provide support for Ukraine"
            " in accordance with its constitutional and legal requirements and "
            "regulations, including, but not limited to, in the following "
            "areas:"
        ),
        ("security-defence",),
    ),
    ClauseData(
        "II.3.(1)",
        "II.3",
        "Cybersecurity",
        (
            "The Participants will cooperate in the area of cybersecurity to "
            "counter Russian cyber attacks in the ongoing aggression through "
            "strengthening their bilateral cooperation, including by conducting"
            " their cyber dialogue, information and experience sharing and "
            "providing international technical assistance to Ukraine."
        ),
        ("cybersecurity",),
    ),
    ClauseData(
        "II.3.(2)",
        "II.3",
        "Countering foreign information manipulation and interference",
        (
            "The Participants will seek to collaborate to support each other’s "
            "efforts to counter information manipulation and interference by "
            "Russia and other hostile state and non-state actors. The "
            "Participants will seek to collaborate to improve both countries’ "
            "capabilities to counter information security threats, primarily "
            "Russia’s propaganda and disinformation campaigns. This will be "
            "achieved through joint efforts, including through the exchange of "
            "information and experience."
        ),
        ("information-manipulation",),
    ),
    ClauseData(
        "II.3.(3)",
        "II.3",
        "Combating serious and organized crime",
        "",
        ("organised-crime",),
    ),
    ClauseData(
        "II.3.(3)(a)",
        "II.3.(3)",
        "",
        (
            "The Participants will explore opportunities for international "
            "cooperation to take actions to counteract the activities of "
            "serious and organized crime, by individuals and groups that are "
            "trying to infiltrate across Ukrainian society, which have criminal"
            " influence in certain regions including the temporarily occupied "
            "ones, and that are actively used as a tool of hybrid warfare to "
            "counteract the processes of recovery and reconstruction in "
            "Ukraine."
        ),
        ("organised-crime",),
    ),
    ClauseData(
        "II.3.(3)(b)",
        "II.3.(3)",
        "",
        (
            "The Participants recognize the need to fight against illicit "
            "financial flows aimed at undermining Ukraine's sovereignty and "
            "territorial integrity, as well as its internal stability."
        ),
        ("organised-crime", "financial"),
    ),
    ClauseData(
        "II.3.(3)(c)",
        "II.3.(3)",
        "",
        (
            "Those will be achieved through joint efforts including information"
            " analysis and best practices sharing."
        ),
        ("organised-crime",),
    ),
    ClauseData(
        "II.3.(4)",
        "II.3",
        "Maritime order",
        (
            "The Participants recognize the importance of the maritime order "
            "based on international law, in particular, the United Nations "
            "Convention on the Law of the Sea (UNCLOS). In this regard, the "
            "Participants will endeavor to ensure the freedom of navigation and"
            " overflight and to promote safety of sea lanes open for "
            "international trade and free navigation. The Participants will "
            "coordinate their efforts on strengthening international "
            "cooperation and collaboration in this domain."
        ),
        ("maritime",),
    ),
    ClauseData(
        "II.3.(5)",
        "II.3",
        "Industrial cooperation",
        (
            "The Participants will explore collaboration to develop Ukraine’s "
            "industrial base including through involving the private sectors, "
            "creating joint ventures and launching joint research "
            "demonstrations, with the recognition that such cooperation "
            "contributes to Ukraine’s efforts to defend its sovereignty and "
            "territorial integrity."
        ),
        ("industrial",),
    ),
    ClauseData(
        "II.3.(5) ¶2",
        "II.3.(5)",
        "",
        (
            "The Japanese side will work to actively contribute to Ukraine’s "
            "economic recovery and industrial modernization including advanced "
            "technological areas, while closely coordinating with the private "
            "sector. The Japanese side will encourage its private sector to "
            "partner with Ukraine’s industry in assisting the latter’s efforts "
            "to modernize and increase industrial capacity in the key sectors "
            "including machine building, food processing, energy, advanced "
            "materials, robotics, electronic equipment, manufacture and others."
        ),
        ("industrial", "reconstruction"),
    ),
    ClauseData(
        "II.3.(6)",
        "II.3",
        ("Countering chemical, biological, radiological and nuclear (CBRN) risks"),
        (
            "Recalling that the Japanese side takes part in realization of "
            "point 1 of Ukraine’s Peace Formula (Radiation and Nuclear Safety),"
            " the Participants intend to further expand their existing "
            "bilateral cooperation to strengthen Ukraine’s resilience against "
            "nuclear risks."
        ),
        ("cbrn-nuclear-safety",),
    ),
    ClauseData(
        "II.3.(6) ¶2",
        "II.3.(6)",
        "",
        (
            "The Participants also intend to explore the possibility of further"
            " bilateral and multilateral cooperation to counter the threat of "
            "biological and chemical weapons, including through the "
            "Organization for the Prohibition of Chemical Weapons (OPCW) and in"
            " the framework of Biological Weapons Convention (BWC)."
        ),
        ("cbrn-nuclear-safety",),
    ),
    ClauseData(
        "II.3.(6) ¶3",
        "II.3.(6)",
        "",
        (
            "The Japanese side will continue its support to Ukraine in "
            "enhancing the nuclear safety, security and safeguards, including "
            "those of the Zaporizhzhia Nuclear Power Plant, through the "
            "International Atomic Energy Agency (IAEA), including through joint"
            " efforts on the point 1 of Ukraine’s Peace Formula."
        ),
        ("cbrn-nuclear-safety",),
    ),
    ClauseData(
        "III",
        None,
        "Cooperation in the Event of Future Armed Attack",
        "",
        ("future-armed-attack",),
    ),
    ClauseData(
        "III ¶1",
        "III",
        "",
        (
            "In the event of a future Russian armed attack against Ukraine, the"
            " Participants, at the request of either of the Participants, will "
            "consult within 24 hours, bilaterally or via other channels they "
            "both deem appropriate, in order to determine appropriate next "
            "steps."
        ),
        ("future-armed-attack",),
    ),
    ClauseData(
        "III ¶2",
        "III",
        "",
        (
            "The Japanese side intends, in accordance with its constitutional "
            "and legal requirements and regulations, to provide as appropriate "
            "swift and sustained defense and security assistance as well as "
            "economic assistance, to impose economic and other costs on Russia,"
            " and to consult with Ukraine on its needs as it exercises its "
            "right to self-defense enshrined in Article 51 of the UN Charter."
        ),
        ("future-armed-attack", "security-defence", "sanctions"),
    ),
    ClauseData(
        "III ¶3",
        "III",
        "",
        (
            "In order to ensure the widest and most effective collective "
            "response to any such future armed attack, the Participants may "
            "modify commitments in the part III of this Accord in order to "
            "align with any mechanism that Ukraine may subsequently establish "
            "with its other international partners, including the participants "
            "in the G7 Joint Declaration of 12 July 2023."
        ),
        ("future-armed-attack",),
    ),
    ClauseData(
        "III ¶4",
        "III",
        "",
        (
            "In view of ensuring effective response to any such future armed "
            "attack and to avoid such a situation, the Participants intend to "
            "consult with each other to make sure that relevant information is "
            "duly shared between the Participants."
        ),
        ("future-armed-attack", "intelligence"),
    ),
    ClauseData(
        "III ¶5",
        "III",
        "",
        (
            "In the context of international peace and security, the "
            "Participants express their support for the role played by the "
            "International Court of Justice (ICJ), the principal judicial organ"
            " of the UN in upholding the rule of law in the international "
            "community."
        ),
        ("accountability",),
    ),
    ClauseData(
        "IV",
        None,
        "Support to Ukraine's reform agenda",
        "",
        ("reform",),
    ),
    ClauseData(
        "IV ¶1",
        "IV",
        "",
        (
            "The Participants reaffirm that inclusive reform is indispensable "
            "for Ukraine’s current and future security and prosperity, its "
            "democracy and the resilience of its institutions. The legacy "
            "effect created by the war, such as the liberation of occupied "
            "territory, the transition from martial law, and the need to meet "
            "public expectations, will require Ukraine’s institutions to be "
            "well adapted to manage such challenges."
        ),
        ("reform",),
    ),
    ClauseData(
        "IV ¶2",
        "IV",
        "",
        (
            "Ukraine will strive to continue its ambitious reform path "
            "including in the framework of its European Union (EU) accession "
            "process and the IMF benchmarks. Ukraine is committed to "
            "implementing the full set of policy requirements as set out in the"
            " IMF programme, including meeting these through the quarterly "
            "review monitoring processes during the lifetime of the programme "
            "to 2027. Ukraine will continue its systemic reforms in the defense"
            " and security sectors, including as regards civil control of the "
            "security and defense forces and the efficiency and transparency of"
            " the defense institutions and defense industry of Ukraine. Ukraine"
            " will strive to deepen the key reforms in the fields of justice "
            "and rule of law, fight against corruption and money laundering, "
            "the modernization of its state apparatus, decentralization, the "
            "protection of the rights of national minorities, and improvement "
            "of transparency and good governance in both the economic sector "
            "and the defense and security sector. The implementation of these "
            "reforms will contribute to strengthening democracy, respect for "
            "human rights and fundamental freedoms, and the modernization and "
            "resilience of the Ukrainian economy."
        ),
        ("reform", "euro-atlantic-integration"),
    ),
    ClauseData(
        "IV ¶3",
        "IV",
        "",
        (
            "The Japanese side will continue to support Ukraine in delivering "
            "on its comprehensive reform agenda, including through bilateral "
            "dialogues, which is crucial for supporting sustainable and "
            "inclusive economic growth and securing active engagement by the "
            "private sector in its recovery and reconstruction, in line with "
            "mutually consented priorities and in coordination with other "
            "donors."
        ),
        ("reform",),
    ),
    ClauseData(
        "IV ¶4",
        "IV",
        "",
        (
            "All reforms will be conducted according to the priority reform "
            "areas for accession to the EU and the IMF benchmarks in close "
            "coordination with major donors, in particular the international "
            "financial institutions, the EU and the G7."
        ),
        ("reform", "euro-atlantic-integration"),
    ),
    ClauseData(
        "V",
        None,
        ("Compensation for losses, injuries and damages caused by Russian aggression"),
        "",
        ("compensation",),
    ),
    ClauseData(
        "V ¶1",
        "V",
        "",
        (
            "The Participants recognize that Russia is to be held accountable "
            "for its internationally wrongful acts including the damage it has "
            "caused to Ukraine, and must pay for the long-term reconstruction "
            "of Ukraine."
        ),
        ("compensation", "accountability"),
    ),
    ClauseData(
        "V ¶2",
        "V",
        "",
        (
            "The Participants will continue to work together with other states,"
            " including G7 members, to explore all possible avenues to aid "
            "Ukraine in obtaining compensation from Russia, consistent with "
            "their respective legal systems and international law."
        ),
        ("compensation",),
    ),
    ClauseData(
        "V ¶3",
        "V",
        "",
        (
            "Consistent with Japan’s legal system, Russian sovereign assets in "
            "Japan’s jurisdiction will remain immobilized until Russia pays for"
            " the damage it has caused to Ukraine. The Japanese side will "
            "continue to participate in G7’s efforts in exploring all possible "
            "avenues, consistent with respective legal systems and in "
            "accordance with international law, through which Russian sovereign"
            " assets could be used to support Ukraine’s recovery and "
            "reconstruction."
        ),
        ("compensation", "sanctions"),
    ),
    ClauseData(
        "V ¶4",
        "V",
        "",
        (
            "The Participants will continue to work towards the establishment "
            "of a compensation mechanism to provide compensation for damage, "
            "loss, or injury caused by Russia’s aggression in consistent with "
            "international law, as envisaged by the Statute of the Register of "
            "Damage Caused by the Aggression of the Russian Federation against "
            "Ukraine adopted by the Resolution of the Committee of Ministers of"
            " the Council of Europe CM/Res(2023)3."
        ),
        ("compensation",),
    ),
    ClauseData(
        "VI",
        None,
        "Just peace",
        "",
        ("just-peace",),
    ),
    ClauseData(
        "VI ¶1",
        "VI",
        "",
        (
            "The participants will work together for a just and lasting peace "
            "in Ukraine that has broad global support. The Japanese side "
            "welcomes Ukraine’s efforts to create a just and lasting peace "
            "based on the principles of Ukraine’s Peace Formula."
        ),
        ("just-peace",),
    ),
    ClauseData(
        "VI ¶2",
        "VI",
        "",
        (
            "The Japanese side participates in the implementation of Ukraine’s "
            "Peace Formula, in particular co-leads in point 1 (Radiation and "
            "Nuclear Safety), and continues its diplomatic efforts to promote "
            "such Ukrainian efforts including through its global partners."
        ),
        ("just-peace", "cbrn-nuclear-safety"),
    ),
    ClauseData(
        "VII",
        None,
        "Sanctions",
        "",
        ("sanctions",),
    ),
    ClauseData(
        "VII ¶1",
        "VII",
        "",
        (
            "The Participants will continue working to ensure that the costs to"
            " Russia for its aggression continue to rise, including through "
            "sanctions and export controls. The Participants recognize the "
            "value of sanctions in restricting Russia’s ability to continue its"
            " war of aggression, in bearing down on Russia’s revenue streams "
            "and in deterring future attacks."
        ),
        ("sanctions",),
    ),
    ClauseData(
        "VII ¶2",
        "VII",
        "",
        (
            "The Japanese side will continue to impose severe sanctions against"
            " Russia, including sectoral sanctions, and work on pursuing robust"
            " sanctions against those in Russia and outside who are supporting "
            "the war of aggression or assisting in sanction evasion as long as "
            "Russia’s war of aggression against Ukraine continues. The Japanese"
            " side continues to counter, in close cooperation with third "
            "countries, any attempts to evade and circumvent its sanctions and "
            "export control measures."
        ),
        ("sanctions",),
    ),
    ClauseData(
        "VII ¶3",
        "VII",
        "",
        (
            "The Participants will provide each other with up-to-date "
            "appropriate information relating to sanctions, in compliance with "
            "relevant national laws."
        ),
        ("sanctions",),
    ),
    ClauseData(
        "VIII",
        None,
        "Accountability",
        "",
        ("accountability",),
    ),
    ClauseData(
        "VIII ¶1",
        "VIII",
        "",
        (
            "The Participants reaffirm their commitment to holding Russia "
            "accountable for causing losses or damage to individuals and "
            "entities, as well as to the state of Ukraine, as a result of its "
            "internationally wrongful acts in Ukraine or against Ukraine, "
            "including its aggression in violation of the UN Charter."
        ),
        ("accountability",),
    ),
    ClauseData(
        "VIII ¶2",
        "VIII",
        "",
        (
            "The Participants reaffirm that there must be no impunity for war "
            "crimes and other atrocities and that Russia must bear the legal "
            "responsibility, including by making reparation for any damage "
            "caused by such acts, which will also help deter future attacks and"
            " support Ukraine's recovery."
        ),
        ("accountability", "compensation"),
    ),
    ClauseData(
        "VIII ¶3",
        "VIII",
        "",
        (
            "The Participants will seek to hold to account those responsible "
            "for war crimes and other international crimes committed in or "
            "against Ukraine in the context of Russia's war of aggression, "
            "consistent with international law, including by supporting the "
            "work of the Office of the Prosecutor General of Ukraine and the "
            "International Criminal Court (ICC) to ensure allegations of war "
            "crimes and other international crimes are fully and fairly "
            "investigated by independent, effective and robust legal "
            "mechanisms."
        ),
        ("accountability",),
    ),
    ClauseData(
        "VIII ¶4",
        "VIII",
        "",
        (
            "The Participants will continue their engagement in the “Core Group"
            " on Options for the establishment of a tribunal on the crime of "
            "aggression against Ukraine”."
        ),
        ("accountability",),
    ),
    ClauseData(
        "VIII ¶5",
        "VIII",
        "",
        (
            "To further promote international efforts to pursue accountability,"
            " Ukraine will ratify the Rome Statute of the ICC, as mentioned in "
            "the EU-Ukraine Association Agreement, on the way to its membership"
            " in the EU."
        ),
        ("accountability", "euro-atlantic-integration"),
    ),
    ClauseData(
        "VIII ¶6",
        "VIII",
        "",
        (
            "The Participants share the importance of pursuing Russia’s "
            "accountability based on sound legal basis to ensure broad "
            "international support and legitimacy. In this regard, Ukraine "
            "commends Japan’s efforts on this issue as the G7 Presidency "
            "throughout the year 2023 to promote the rule of law."
        ),
        ("accountability",),
    ),
    ClauseData(
        "IX",
        None,
        "Implementation and governance",
        "",
        ("implementation",),
    ),
    ClauseData(
        "IX ¶1",
        "IX",
        "",
        (
            "The Participants will implement this Accord in accordance with "
            "constitutional and legal requirements and regulations as well as "
            "budgetary appropriations of their states."
        ),
        ("implementation",),
    ),
    ClauseData(
        "IX ¶2",
        "IX",
        "",
        (
            "The Participants will, if necessary, designate authorized bodies "
            "for the development and implementation of bilateral commitments in"
            " accordance with the areas of cooperation specified in this "
            "Accord, as well as to oversee the progress of the support, "
            "cooperation and commitment, and keep close communications between "
            "relevant officials and experts."
        ),
        ("implementation",),
    ),
    ClauseData(
        "IX ¶3",
        "IX",
        "",
        (
            "Any dispute arising out of the implementation of this Accord will "
            "be settled amicably through consultations between the "
            "Participants."
        ),
        ("implementation",),
    ),
    ClauseData(
        "X",
        None,
        "Time frame and other matters",
        "",
        ("duration",),
    ),
    ClauseData(
        "X ¶1",
        "X",
        "",
        "This Accord is valid for ten years from the date of its signature.",
        ("duration",),
    ),
    ClauseData(
        "X ¶2",
        "X",
        "",
        (
            "At the same time, in accordance with the G7 Joint Declaration of "
            "12 July 2023, the Participants share the opinion that this Accord "
            "is without prejudice to Ukraine pursuing a pathway toward future "
            "membership in the Euro-Atlantic Community."
        ),
        ("euro-atlantic-integration",),
    ),
    ClauseData(
        "X ¶3",
        "X",
        "",
        (
            "This Accord may be discontinued by either Participant at any time "
            "by written notice of its intention to end the Accord to the other "
            "Participant. This Accord will be discontinued six months from the "
            "date of receipt of such notice."
        ),
        ("duration",),
    ),
    ClauseData(
        "X ¶4",
        "X",
        "",
        (
            "This Accord may be modified and supplemented by mutual consent of "
            "the Participants, which will be made in writing."
        ),
        ("implementation",),
    ),
    ClauseData(
        "X ¶5",
        "X",
        "",
        "This Accord will come into effect immediately upon signature.",
        ("duration",),
    ),
    ClauseData(
        "X ¶6",
        "X",
        "",
        (
            "Signed in Savelletri di Fasano (Apulia) on 13 June 2024, in "
            "duplicate, in the Ukrainian, Japanese and English languages. In "
            "case of any divergence, the text in English will prevail."
        ),
        ("implementation",),
    ),
    ClauseData(
        "Signatures",
        None,
        "Signatures",
        "",
        (),
    ),
    ClauseData(
        "Signatures ¶1",
        "Signatures",
        "",
        "For Ukraine:\u00a0Volodymyr Zelenskyy,\u00a0President",
        (),
    ),
    ClauseData(
        "Signatures ¶2",
        "Signatures",
        "",
        "For the Government of Japan:\u00a0Kishida Fumio,\u00a0Prime Minister",
        (),
    ),
)


def printed_label(number):
    """The label the text prints before an item's words: "(5) ", "(a) "."""
    last = re.findall(r"\(([0-9a-h]+)\)$", number)
    return f"({last[0]}) " if last else ""


def printed_text():
    """The repaired accord as its text prints it, title to signatures, one
    paragraph per block: what `repair.damage` turns back into seed 000's
    copy (tests/test_seed.py) and what the clause parser reads back into
    CLAUSES (tests/test_clause_parser.py)."""
    parts = [TITLE]
    for clause in CLAUSES:
        label = printed_label(clause.number)
        if clause.number == "Preamble":
            parts.append("Preamble")
        elif clause.heading and clause.number != "Signatures":
            prefix = label or f"{clause.number.rsplit('.', 1)[-1]}. "
            parts.append(prefix + clause.heading)
            if clause.text:
                parts.append(clause.text)
        elif clause.text:
            parts.append(label + clause.text)
    return "\n\n".join(parts)
