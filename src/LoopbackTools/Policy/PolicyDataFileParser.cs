using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using LoopbackTools.Policy;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Reads a .psd1 policy with PowerShell's own parser (which knows the line of every token) and turns its single
    /// hashtable into a <see cref="PolicyNode"/> tree. Like Import-PowerShellDataFile it accepts constants only:
    /// a policy file is data, and evaluating it would run whatever its author (or an attacker) put there.
    /// </summary>
    internal static class PolicyDataFileParser
    {
        public static PolicyNode Parse(string path)
        {
            var ast = Parser.ParseFile(path, out _, out ParseError[] errors);
            if (errors.Length > 0)
            {
                var first = errors[0];
                ErrorDefinition problem = first.ErrorId == "DuplicateKeyInHashLiteral" ? ErrorCatalogue.PolicyDuplicateKey : ErrorCatalogue.PolicySyntaxError;
                string more = errors.Length > 1 ? $" ({errors.Length - 1} more error(s) after it)" : string.Empty;
                throw new PolicyException(problem, path, first.Extent.StartLineNumber, null, first.Message + more);
            }

            if (ast.ParamBlock != null || ast.BeginBlock != null || ast.ProcessBlock != null || ast.DynamicParamBlock != null)
            {
                throw new PolicyException(ErrorCatalogue.PolicyNotConstant, path, ast.Extent.StartLineNumber, null,
                    "a policy file holds one hashtable and nothing else (no param, begin or process blocks).");
            }

            var statements = ast.EndBlock?.Statements;
            if (statements == null || statements.Count == 0)
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidValue, path, 0, null,
                    "the file is empty; a policy is a hashtable such as @{ Listeners = @( @{ Port = 22 } ) }.");
            }

            if (statements.Count > 1)
            {
                throw new PolicyException(ErrorCatalogue.PolicyNotConstant, path, statements[1].Extent.StartLineNumber, null,
                    "a policy file holds one hashtable and nothing after it.");
            }

            return Convert(Pure(statements[0], path), path);
        }

        private static ExpressionAst Pure(StatementAst statement, string path)
        {
            if (statement is PipelineAst pipeline && pipeline.GetPureExpression() is ExpressionAst expression)
            {
                return expression;
            }

            throw NotConstant(statement, path);
        }

        private static PolicyNode Convert(ExpressionAst ast, string path)
        {
            int line = ast.Extent.StartLineNumber;
            switch (ast)
            {
                case HashtableAst table:
                    var entries = new List<PolicyMapEntry>(table.KeyValuePairs.Count);
                    foreach (var pair in table.KeyValuePairs)
                    {
                        string key = pair.Item1 switch
                        {
                            StringConstantExpressionAst s => s.Value,
                            ConstantExpressionAst c => System.Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                            _ => throw NotConstant(pair.Item1, path),
                        };
                        entries.Add(new PolicyMapEntry(key, pair.Item1.Extent.StartLineNumber, Convert(Pure(pair.Item2, path), path)));
                    }

                    return new PolicyMap(line, entries);

                case ArrayLiteralAst literal:
                    var items = new List<PolicyNode>(literal.Elements.Count);
                    foreach (var element in literal.Elements)
                    {
                        items.Add(Convert(element, path));
                    }

                    return new PolicyList(line, items);

                case ArrayExpressionAst array:
                    // @( a, b ) is one comma list; @( a <newline> b ) is one statement per element: flatten both.
                    var elements = new List<PolicyNode>();
                    foreach (var statement in array.SubExpression.Statements)
                    {
                        var expression = Pure(statement, path);
                        var node = Convert(expression, path);
                        if (node is PolicyList inner && expression is ArrayLiteralAst)
                        {
                            elements.AddRange(inner.Items);
                        }
                        else
                        {
                            elements.Add(node);
                        }
                    }

                    return new PolicyList(line, elements);

                case ParenExpressionAst paren:
                    return Convert(Pure(paren.Pipeline, path), path);

                case StringConstantExpressionAst text:
                    return new PolicyScalar(line, text.Value);

                case ExpandableStringExpressionAst expandable when expandable.NestedExpressions.Count == 0:
                    return new PolicyScalar(line, expandable.Value);

                case ConstantExpressionAst constant:
                    return new PolicyScalar(line, Number(constant.Value));

                // -1 is a unary minus on a constant: let the validator say "not a port" rather than "not constant".
                case UnaryExpressionAst unary when unary.TokenKind == TokenKind.Minus && unary.Child is ConstantExpressionAst c:
                    object? value = Number(c.Value);
                    return new PolicyScalar(line, value is long l ? -l : value is double d ? -d : value);

                case VariableExpressionAst variable when variable.VariablePath.IsUnqualified:
                    switch (variable.VariablePath.UserPath.ToLowerInvariant())
                    {
                        case "true": return new PolicyScalar(line, true);
                        case "false": return new PolicyScalar(line, false);
                        case "null": return new PolicyScalar(line, null);
                    }

                    break;
            }

            throw NotConstant(ast, path);
        }

        private static object? Number(object? value) => value switch
        {
            int i => (long)i,
            long l => l,
            byte b => (long)b,
            short s => (long)s,
            uint u => (long)u,
            decimal m => (double)m,
            float f => (double)f,
            double d => d,
            _ => value,
        };

        private static PolicyException NotConstant(Ast ast, string path)
        {
            string text = ast.Extent.Text;
            if (text.Length > 60)
            {
                text = text.Substring(0, 57) + "...";
            }

            return new PolicyException(ErrorCatalogue.PolicyNotConstant, path, ast.Extent.StartLineNumber, null,
                $"only constants (text, numbers, $true, $false, $null, @( ) lists and @{{ }} hashtables) are allowed, not '{TerminalText.Escape(text)}'.");
        }
    }
}
