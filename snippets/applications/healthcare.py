"""A small neural network flags malignant breast masses from measurements.

The ROC curve shows, on held-out patients, how many malignant masses are
caught (sensitivity) against how many benign ones are flagged too
(1 - specificity) as the decision threshold moves; the dot is the
default threshold of 0.5.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import fdl

data = load_breast_cancer()
x, malignant = data.data, data.target == 0  # sklearn: 0 is malignant
x_train, x_test, y_train, y_test = train_test_split(
    x, malignant, test_size=0.3, stratify=malignant,
    random_state=fdl.SEED)
model = make_pipeline(
    StandardScaler(),
    MLPClassifier(hidden_layer_sizes=(16, 8), alpha=1e-3, max_iter=2000,
                  random_state=fdl.SEED),
)
model.fit(x_train, y_train)
score = model.predict_proba(x_test)[:, 1]
flagged = score >= 0.5

sensitivity = float(flagged[y_test].mean())
specificity = float((~flagged[~y_test]).mean())
fdl.value("n_patients", len(x))
fdl.value("n_features", x.shape[1])
fdl.value("n_test", len(x_test))
fdl.value("auc", roc_auc_score(y_test, score))
fdl.value("sensitivity", sensitivity)
fdl.value("specificity", specificity)
fdl.value("missed", int((~flagged[y_test]).sum()))
fdl.value("n_malignant_test", int(y_test.sum()))
fdl.value("false_alarms", int(flagged[~y_test].sum()))

# %%
fpr, tpr, _ = roc_curve(y_test, score)
fig, ax = plt.subplots(figsize=(4.6, 4.0))
ax.plot(fpr, tpr, color=fdl.PALETTE[0], drawstyle="steps-post",
        label="neural network")
ax.plot([0, 1], [0, 1], ls="--", lw=1, color=fdl.LIGHT["muted"],
        label="guessing")
ax.plot(1 - specificity, sensitivity, "o", ms=7, color=fdl.PALETTE[1],
        label="threshold 0.5")
ax.set_xlabel("false alarms (1 \u2212 specificity)")
ax.set_ylabel("malignant caught (sensitivity)")
ax.set_xticks(np.linspace(0, 1, 5))
ax.legend(fontsize=8, loc="lower right")
ax.set_aspect("equal")
fig.tight_layout()
fdl.show(fig, "healthcare")
