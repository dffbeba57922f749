"""The two roles of the served suite and the name of the single local user (one definition for
the server's identity provider and the apps that read the identity)."""

TRAINEE, TRAINER = "trainee", "trainer"
ROLE_LABELS = {TRAINEE: "学员", TRAINER: "培训师"}
LOCAL_USER = "本机用户"
