"""One benchmark cell with scikit-learn, on exactly the rows and folds sweep used.

Reads a JSON spec from argv[1]: the dataset entry (type, paths, header/columns, target), the
folds.json sweep wrote for the run (source rows + train/test indices) and the algorithm. Prints
JSON: fit_s, predict_s, accuracy, f1_weighted, n_train, n_test, n_features. One thread
(OPENBLAS_NUM_THREADS=1 and n_jobs=1 are set by the caller and here).
"""
import gzip
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import AdaBoostClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import OrdinalEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

NA = ["", "?", "NA", "N/A", "NaN", "nan", "null"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    return arr.reshape(shape[0], -1) if dims > 1 else arr


def load(spec, which):
    path = spec["path"] if which == "train" else spec["test_path"]
    if spec["type"] == "idx":
        labels = spec["labels_path"] if which == "train" else spec["test_labels_path"]
        X = pd.DataFrame(read_idx(path).astype(np.float64))
        X["label"] = read_idx(labels)
        return X
    header = 0 if spec.get("header", True) else None
    names = spec.get("columns")
    return pd.read_csv(path, header=header, names=names, na_values=NA, keep_default_na=False, skipinitialspace=True)


def main():
    spec = json.loads(sys.argv[1])
    folds = json.load(open(spec["folds"]))
    rows = np.array(folds["sourceRows"], dtype=np.int64)
    start = folds["testStart"]
    train_df = load(spec, "train")
    if start is not None:
        test_df = load(spec, "test")
        df = pd.concat([train_df.iloc[rows[:start]], test_df.iloc[rows[start:]]], ignore_index=True)
    else:
        df = train_df.iloc[rows].reset_index(drop=True)
    target = spec["target"]
    y = df[target].astype(str).to_numpy()
    X = df.drop(columns=[target])
    categorical = [c for c in X.columns if X[c].dtype == object]
    n_numeric = X.shape[1] - len(categorical)
    native_categorical = None
    if spec["algorithm"] == "gradient-boosting" and categorical:
        # As sweep for an estimator tagged nativeCategorical: categorical columns as ordinal codes,
        # split natively (categorical_features), not one-hot encoded.
        native_categorical = [c in categorical for c in X.columns]
        X[categorical] = OrdinalEncoder().fit_transform(X[categorical])
        X = X.to_numpy(dtype=np.float64)
    else:
        X = pd.get_dummies(X, columns=categorical, dummy_na=False).to_numpy(dtype=np.float64)
    fold = folds["folds"][0]
    tr, te = np.array(fold["train"]), np.array(fold["test"])
    if spec.get("scale") == "standard" and n_numeric > 0:
        # As sweep's `scale: standard`: the numeric columns (get_dummies keeps them first), fitted
        # on the training rows; one-hot columns stay 0/1.
        scaler = StandardScaler().fit(X[tr, :n_numeric])
        X[:, :n_numeric] = scaler.transform(X[:, :n_numeric])
    model = {
        "decision-tree": lambda: DecisionTreeClassifier(random_state=0),
        "random-forest": lambda: RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0),
        "knn": lambda: KNeighborsClassifier(n_neighbors=5, n_jobs=1),
        "naive-bayes": lambda: GaussianNB(),
        "svm": lambda: SVC(),
        "linear-svm": lambda: LinearSVC(random_state=0),
        "logistic-regression": lambda: LogisticRegression(),
        "mlp": lambda: MLPClassifier(random_state=0),
        "adaboost": lambda: AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), algorithm="SAMME", n_estimators=50, random_state=0),
        "gradient-boosting": lambda: HistGradientBoostingClassifier(random_state=0, categorical_features=native_categorical),
    }[spec["algorithm"]]()
    note = None
    if spec["algorithm"] == "gradient-boosting" and len(tr) > 10000:
        # HGB's early stopping ('auto': on above 10,000 rows) holds out a *stratified* validation
        # share, which raises on a class with one training row (KDD's 'spy.' has 2 rows, 1 of them
        # in the training fold). sweep's holdout takes such rows; here they leave the training set.
        labels, counts = np.unique(y[tr], return_counts=True)
        single = set(labels[counts < 2])
        if single:
            keep = np.array([y[i] not in single for i in tr])
            note = f"scikit-learn trained without {int((~keep).sum())} row(s) of the one-row class(es) {', '.join(sorted(single))} (its stratified early-stopping split needs two)"
            tr = tr[keep]
    t0 = time.perf_counter()
    model.fit(X[tr], y[tr])
    t1 = time.perf_counter()
    pred = model.predict(X[te])
    t2 = time.perf_counter()
    print(json.dumps({
        "fit_s": t1 - t0, "predict_s": t2 - t1,
        "accuracy": accuracy_score(y[te], pred), "f1_weighted": f1_score(y[te], pred, average="weighted"),
        "n_train": int(len(tr)), "n_test": int(len(te)), "n_features": int(X.shape[1]),
        "blas": blas_kernel(),
        "n_iter": int(np.max(model.n_iter_)) if hasattr(model, "n_iter_") else None,
        "note": note,
    }))


def blas_kernel():
    """The BLAS threadpoolctl reports (library, version, kernel architecture, threads)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return ", ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} ({i.get('num_threads')} threads)" for i in threadpool_info() if i.get("user_api") == "blas")


if __name__ == "__main__":
    main()
